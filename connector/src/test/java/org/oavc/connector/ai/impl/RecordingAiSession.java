package org.oavc.connector.ai.impl;

import io.vertx.core.Future;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.oavc.connector.ai.AiCall;
import org.oavc.connector.ai.AiSession;
import org.oavc.connector.ai.Speaker;

/**
 * A real {@link AiSession} for the conversation tests: it records what the conversation hands it
 * (frames, texts, barge-ins) and lets the test play agent audio through its {@link AiCall}.
 */
final class RecordingAiSession implements AiSession {
  final int sampleRate;
  final Future<Void> startResult;
  final AtomicInteger frames = new AtomicInteger();
  final AtomicInteger loudFrames = new AtomicInteger();
  final AtomicInteger wrongSizeFrames = new AtomicInteger();
  final List<String> texts = new CopyOnWriteArrayList<>();
  final List<Long> bargeIns = new CopyOnWriteArrayList<>();
  final AtomicBoolean closed = new AtomicBoolean();
  volatile AiCall call;

  RecordingAiSession(int sampleRate, Future<Void> startResult) {
    this.sampleRate = sampleRate;
    this.startResult = startResult;
  }

  @Override
  public int sampleRate() {
    return sampleRate;
  }

  @Override
  public Future<Void> start(AiCall c) {
    this.call = c;
    return startResult;
  }

  @Override
  public void onCallerAudio(short[] pcm) {
    frames.incrementAndGet();
    if (pcm.length != sampleRate / 50) {
      wrongSizeFrames.incrementAndGet();
    }
    long e = 0;
    for (short s : pcm) {
      e += (long) s * s;
    }
    if (pcm.length > 0 && e / pcm.length > 1000L * 1000L) {
      loudFrames.incrementAndGet();
    }
  }

  @Override
  public void onCallerText(String text) {
    texts.add(text);
  }

  @Override
  public void onBargeIn(long playedMillis) {
    bargeIns.add(playedMillis);
  }

  /** Like a realtime session's goodbye item: a turn only recorded when asked to wrap up. */
  @Override
  public void beforeHangUp() {
    call.transcript(Speaker.AGENT, "held-back goodbye", false);
  }

  @Override
  public Future<Void> close() {
    closed.set(true);
    return Future.succeededFuture();
  }

  /** A tone of {@code millis} at the session's rate, as the agent's answer (from the context). */
  void speak(long millis, String words) {
    call.context()
        .runOnContext(
            v -> {
              call.transcript(Speaker.AGENT, words, false);
              short[] pcm = new short[(int) (sampleRate * millis / 1000)];
              for (int i = 0; i < pcm.length; i++) {
                pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 300 * i / sampleRate));
              }
              call.play(pcm);
            });
  }
}
