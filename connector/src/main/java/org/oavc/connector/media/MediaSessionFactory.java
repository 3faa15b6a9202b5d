package org.oavc.connector.media;

import io.vertx.core.Future;
import org.oavc.connector.sdp.SdpNegotiation;

/** Opens the media side of a call on a port the pool handed out. */
public interface MediaSessionFactory {

  /** Binds the RTP socket; fails when the port cannot be bound (taken by another process). */
  Future<MediaSession> open(String callKey, int port);

  /**
   * Binds the RTP socket with the negotiation already in force: the first datagram read is judged
   * against it (codec, payload types, remote address), so a caller whose RTP follows our 200 OK at
   * once loses nothing. {@code negotiation} may be null (not known yet; apply it later). This
   * default binds, then applies, for factories that cannot do better.
   */
  default Future<MediaSession> open(String callKey, int port, SdpNegotiation negotiation) {
    return open(callKey, port)
        .map(
            media -> {
              if (negotiation != null) {
                media.apply(negotiation);
              }
              return media;
            });
  }
}
