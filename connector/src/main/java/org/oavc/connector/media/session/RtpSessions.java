package org.oavc.connector.media.session;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.media.MediaSessionFactory;
import org.oavc.connector.media.session.impl.MediaMetrics;
import org.oavc.connector.media.session.impl.MediaWarmup;
import org.oavc.connector.media.session.impl.RtpSession;
import org.oavc.connector.sdp.SdpNegotiation;

/** Opens {@link org.oavc.connector.media.MediaSession}s backed by the RTP engine. */
public final class RtpSessions {
  private RtpSessions() {}

  /**
   * A factory whose sessions share one pacing clock and one set of aggregated meters. Sessions are
   * spread over the event loops (each keeps one for its whole life).
   */
  public static MediaSessionFactory factory(Vertx vertx, RtpSessionOptions options) {
    MediaMetrics metrics = new MediaMetrics(options.getMeterRegistry());
    MediaClock clock = options.getClock() != null ? options.getClock() : MediaClock.shared();
    MediaWarmup.start(vertx, options);
    return new MediaSessionFactory() {
      @Override
      public Future<MediaSession> open(String callKey, int port) {
        return open(callKey, port, null);
      }

      @Override
      public Future<MediaSession> open(String callKey, int port, SdpNegotiation negotiation) {
        return RtpSession.open(vertx, options, clock, metrics, callKey, port, negotiation);
      }
    };
  }
}
