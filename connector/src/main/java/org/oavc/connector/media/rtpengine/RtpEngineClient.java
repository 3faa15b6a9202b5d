package org.oavc.connector.media.rtpengine;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.Map;
import org.oavc.connector.media.rtpengine.impl.RtpEngineClientImpl;

/**
 * A client of rtpengine's ng control protocol over UDP, with retransmission and failover to the
 * next configured instance. Each command fails with {@link RtpEngineException}. The client's state
 * lives on the context that created it, and its futures complete there: create it on the context
 * that uses it (it may be called from any thread).
 */
public interface RtpEngineClient {

  static RtpEngineClient create(Vertx vertx, RtpEngineOptions options) {
    return new RtpEngineClientImpl(vertx, options);
  }

  /**
   * {@code offer}: the caller's SDP in, the SDP to hand to the callee out. {@code flags} are extra
   * ng keys (e.g. {@code transport-protocol}, {@code ICE}, {@code rtcp-mux}). The first instance
   * that answers keeps the call; the later commands of {@code callId} go to it.
   */
  Future<String> offer(String callId, String fromTag, String sdp, Map<String, Object> flags);

  /** {@code answer}: the callee's SDP in, the SDP to hand to the caller out. */
  Future<String> answer(
      String callId, String fromTag, String toTag, String sdp, Map<String, Object> flags);

  /** {@code delete}: rtpengine forgets the call; a call it does not know counts as deleted. */
  Future<Void> delete(String callId, String fromTag);

  /** {@code ping} to the instances in turn: succeeds once one answers pong. */
  Future<Void> ping();

  /** Closes the socket; commands still waiting fail. */
  Future<Void> close();
}
