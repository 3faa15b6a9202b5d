package org.oavc.connector.media;

import io.vertx.core.Future;
import org.oavc.connector.sdp.SdpNegotiation;

/**
 * The media side of one call: an RTP socket on the call's port. The call layer only needs what
 * is here (negotiation applied, liveness, close); codecs, pacing and the AI audio path live
 * behind it.
 */
public interface MediaSession {

  int localPort();

  /** Applies the first negotiation or a re-negotiation (remote address, codec, direction). */
  void apply(SdpNegotiation negotiation);

  /** Valid RTP packets received from the caller so far. */
  long packetsReceived();

  /** {@link System#nanoTime()} of the last valid RTP packet from the caller, 0 if none yet. */
  long lastPacketNanos();

  /** Closes the socket; idempotent. */
  Future<Void> close();
}
