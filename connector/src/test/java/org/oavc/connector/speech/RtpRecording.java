package org.oavc.connector.speech;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Every audio RTP packet the connector sent to the caller, decoded, with its arrival time on {@link
 * System#nanoTime()} and its RTP header fields. Thread-safe: the receive thread adds, tests read
 * snapshots.
 */
public final class RtpRecording {
  /** One received packet: arrival time, RTP sequence number and timestamp, decoded PCM. */
  public record Frame(long arrivalNanos, int sequence, long timestamp, short[] pcm) {
    public double rms() {
      return Pcm.rms(pcm);
    }

    public boolean speech() {
      return rms() >= Pcm.SPEECH_RMS;
    }
  }

  /** One stretch of the agent talking: first and last speech frame, and the audio between. */
  public record Reply(long firstSpeechNanos, long lastSpeechNanos, short[] audio) {}

  private final int sampleRate;
  private final List<Frame> frames = new ArrayList<>();

  RtpRecording(int sampleRate) {
    this.sampleRate = sampleRate;
  }

  synchronized void add(Frame frame) {
    frames.add(frame);
  }

  /** PCM rate of the decoded frames (16000 for G.722, else 8000). */
  public int sampleRate() {
    return sampleRate;
  }

  public synchronized List<Frame> frames() {
    return List.copyOf(frames);
  }

  public synchronized int size() {
    return frames.size();
  }

  /** Frames that arrived at or after {@code fromNanos}. */
  public List<Frame> since(long fromNanos) {
    return frames().stream().filter(f -> f.arrivalNanos() >= fromNanos).toList();
  }

  /** The audio of the frames that arrived at or after {@code fromNanos}, in arrival order. */
  public short[] audioSince(long fromNanos) {
    return Pcm.concat(since(fromNanos).stream().map(Frame::pcm).toArray(short[][]::new));
  }

  /** Arrival of the first speech frame at or after {@code fromNanos}. */
  public OptionalLong firstSpeechSince(long fromNanos) {
    return since(fromNanos).stream()
        .filter(Frame::speech)
        .mapToLong(Frame::arrivalNanos)
        .findFirst();
  }

  /** Arrival of the last speech frame at or after {@code fromNanos}. */
  public OptionalLong lastSpeechSince(long fromNanos) {
    return since(fromNanos).stream()
        .filter(Frame::speech)
        .mapToLong(Frame::arrivalNanos)
        .reduce((a, b) -> b);
  }

  /**
   * Milliseconds of speech in the frames that arrived from {@code fromNanos} to {@code toNanos}.
   */
  public long speechMillisBetween(long fromNanos, long toNanos) {
    return since(fromNanos).stream()
        .filter(f -> f.arrivalNanos() <= toNanos)
        .filter(Frame::speech)
        .mapToLong(f -> f.pcm().length * 1000L / sampleRate)
        .sum();
  }

  /** Milliseconds of speech (frames above the speech level) at or after {@code fromNanos}. */
  public long speechMillisSince(long fromNanos) {
    return since(fromNanos).stream()
        .filter(Frame::speech)
        .mapToLong(f -> f.pcm().length * 1000L / sampleRate)
        .sum();
  }

  /**
   * Waits for the agent to talk after {@code sinceNanos} and then to be quiet for {@code
   * quietMillis}; the reply is everything from its first to its last speech frame.
   */
  public Reply awaitReply(long sinceNanos, int quietMillis, Duration atMost) {
    return await("agent speech after the mark, then " + quietMillis + " ms quiet")
        .atMost(atMost)
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              List<Frame> since = since(sinceNanos);
              OptionalLong first =
                  since.stream().filter(Frame::speech).mapToLong(Frame::arrivalNanos).findFirst();
              OptionalLong last =
                  since.stream()
                      .filter(Frame::speech)
                      .mapToLong(Frame::arrivalNanos)
                      .reduce((a, b) -> b);
              if (first.isEmpty()
                  || System.nanoTime() - last.getAsLong() < quietMillis * 1_000_000L) {
                return null;
              }
              short[] audio =
                  Pcm.concat(
                      since.stream()
                          .filter(
                              f ->
                                  f.arrivalNanos() >= first.getAsLong()
                                      && f.arrivalNanos() <= last.getAsLong())
                          .map(Frame::pcm)
                          .toArray(short[][]::new));
              return new Reply(first.getAsLong(), last.getAsLong(), audio);
            },
            r -> r != null);
  }
}
