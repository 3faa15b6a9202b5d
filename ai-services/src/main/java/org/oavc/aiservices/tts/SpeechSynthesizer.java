package org.oavc.aiservices.tts;

import com.sun.speech.freetts.Voice;
import com.sun.speech.freetts.VoiceManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * FreeTTS kevin16 (16 kHz) on a small pool of synthesis threads, each with its own voice. Synthesis
 * is blocking and never runs on an event loop. Voices share FreeTTS-internal data (lexicon, diphone
 * database) that FreeTTS does not document as thread-safe, so one sentence is synthesised at a time
 * JVM-wide (kevin16 runs far faster than real time, so this is cheap). Audio reaches the sink from
 * FreeTTS's own output thread, before the returned future completes.
 */
public final class SpeechSynthesizer implements AutoCloseable {
  public static final String VOICE = "kevin16";
  private static final Object FREETTS_LOCK = new Object();
  private static final Pattern SENTENCE_END = Pattern.compile("(?<=[.!?;:])\\s+");

  private final ExecutorService pool;
  private final ThreadLocal<VoiceSlot> voices;
  private final List<Voice> allocated = new ArrayList<>();

  private record VoiceSlot(Voice voice, ChunkAudioPlayer player) {}

  public SpeechSynthesizer(int threads) {
    System.setProperty(
        "freetts.voices", "com.sun.speech.freetts.en.us.cmu_us_kal.KevinVoiceDirectory");
    AtomicInteger ids = new AtomicInteger();
    this.pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "oavc-tts-" + ids.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    this.voices = ThreadLocal.withInitial(this::allocateVoice);
  }

  private VoiceSlot allocateVoice() {
    Voice voice = VoiceManager.getInstance().getVoice(VOICE);
    if (voice == null) {
      throw new IllegalStateException("FreeTTS voice " + VOICE + " not found on the class path");
    }
    voice.allocate();
    ChunkAudioPlayer player = new ChunkAudioPlayer();
    voice.setAudioPlayer(player);
    synchronized (allocated) {
      allocated.add(voice);
    }
    return new VoiceSlot(voice, player);
  }

  /** Sample rate of the PCM handed to sinks (kevin16: 16000). */
  public int sampleRate() {
    return 16000;
  }

  /** Loads a voice on a synthesis thread now, so the first request is not slowed by it. */
  public void warmUp() throws Exception {
    pool.submit(() -> voices.get()).get();
  }

  /** Splits text into sentences, the unit of streaming and of cancellation. */
  public static List<String> sentences(String text) {
    List<String> out = new ArrayList<>();
    for (String s : SENTENCE_END.split(text.trim())) {
      if (!s.isBlank()) {
        out.add(s.trim());
      }
    }
    return out;
  }

  /**
   * Synthesises one sentence on a synthesis thread; each chunk of PCM16 LE audio goes to {@code
   * sink} on that thread as soon as FreeTTS produces it. Skipped when {@code cancelled} is already
   * true when the task starts.
   */
  public CompletableFuture<Boolean> speak(
      String sentence, Consumer<byte[]> sink, BooleanSupplier cancelled) {
    return CompletableFuture.supplyAsync(
        () -> {
          if (cancelled.getAsBoolean()) {
            return false;
          }
          VoiceSlot slot = voices.get();
          synchronized (FREETTS_LOCK) {
            slot.player().target(sink);
            try {
              return slot.voice().speak(sentence);
            } finally {
              slot.player().target(b -> {});
            }
          }
        },
        pool);
  }

  @Override
  public void close() {
    pool.shutdownNow();
    synchronized (allocated) {
      allocated.forEach(Voice::deallocate);
      allocated.clear();
    }
  }
}
