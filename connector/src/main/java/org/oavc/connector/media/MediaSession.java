package org.oavc.connector.media;

import io.vertx.core.Future;
import java.util.function.Consumer;
import org.oavc.connector.media.dtmf.DtmfDigit;
import org.oavc.connector.media.session.AudioSink;
import org.oavc.connector.media.session.MediaQuality;
import org.oavc.connector.sdp.SdpNegotiation;

/**
 * The media side of one call: an RTP socket on the call's port. The call layer needs negotiation,
 * liveness and close; the AI side uses the audio methods (decoded PCM in, PCM to play out, DTMF).
 */
public interface MediaSession {

  int localPort();

  /** Applies the first negotiation or a re-negotiation (remote address, codec, direction). */
  void apply(SdpNegotiation negotiation);

  /** Valid RTP packets received from the caller so far. */
  long packetsReceived();

  /** {@link System#nanoTime()} of the last valid RTP packet from the caller, 0 if none yet. */
  long lastPacketNanos();

  /**
   * Delivers the caller's audio, decoded and resampled to {@code sampleRate} (e.g. 16000), one
   * frame per packet time, on the session's event loop. Replaces any earlier sink; null stops.
   */
  default MediaSession onAudio(int sampleRate, AudioSink sink) {
    return this;
  }

  /** Key presses the caller sent as RFC 4733 telephone events, once each. */
  default MediaSession onDtmf(Consumer<DtmfDigit> handler) {
    return this;
  }

  /**
   * Runs {@code handler} on the session's event loop when the far end sends an RTCP BYE. Replaces
   * any earlier handler; null stops.
   */
  default MediaSession onRemoteGoodbye(Runnable handler) {
    return this;
  }

  /** Queues PCM (any of 8/16/24/48 kHz, mono) to be sent after what is already queued. */
  default void play(short[] pcm, int sampleRate) {}

  /** Milliseconds of played audio still queued (not yet sent). */
  default int queuedMillis() {
    return 0;
  }

  /**
   * Taps what we send: every frame that goes out (queued audio, or zeros for silence), resampled to
   * {@code sampleRate}, in send order, on the sending thread. The echo guard's reference. Replaces
   * any earlier tap; null stops.
   */
  default MediaSession onPlayout(int sampleRate, AudioSink tap) {
    return this;
  }

  /**
   * Taps both directions for a recording, each resampled to {@code sampleRate}: {@code fromCaller}
   * gets what {@link #onAudio} gets (on the session's event loop), {@code toCaller} what {@link
   * #onPlayout} gets (on the sending thread). Independent of those two, so the AI keeps its own
   * rate. Replaces any earlier recording taps; nulls stop.
   */
  default MediaSession onRecording(int sampleRate, AudioSink fromCaller, AudioSink toCaller) {
    return this;
  }

  /** Drops everything queued for sending (barge-in); silence goes out from the next frame on. */
  default void flush() {}

  /**
   * Holds the queued audio without dropping it (a possible barge-in has started): silence goes out
   * from the next frame, the playout tap sees zeros and {@link #queuedMillis()} does not drain.
   * Audio played meanwhile queues behind the held audio. Idempotent.
   */
  default void pause() {}

  /**
   * Sends the held audio from where {@link #pause()} stopped it, with the next frame. Idempotent.
   */
  default void resume() {}

  /** Sends one DTMF digit as RFC 4733 events; false when no telephone-event was negotiated. */
  default boolean sendDtmf(char digit) {
    return false;
  }

  /** Quality figures of this call's media so far. */
  default MediaQuality quality() {
    return MediaQuality.EMPTY;
  }

  /** Closes the socket; idempotent. */
  Future<Void> close();
}
