package org.oavc.connector.call;

import io.vertx.core.Future;

/**
 * Puts a media bridge between callers whose media we cannot take as it is (WebRTC: DTLS-SRTP, ICE)
 * and our plain RTP. The call handlers pass every offer and every answer of a call through it; a
 * bridge that has nothing to do for a call hands them back unchanged. Called on the controller's
 * context only.
 */
public interface MediaBridge {

  /**
   * The caller's {@code offer} (null or blank: none) in the form our answerer takes. Fails with
   * {@link org.oavc.connector.sdp.SdpException} (refused, 488) or {@link
   * MediaBridgeUnavailableException} (no bridge answered, 503).
   */
  Future<String> callerOffer(String key, String offer);

  /** Our {@code answer} to the offer {@link #callerOffer} returned, in the caller's form. */
  Future<String> ourAnswer(String key, String answer);

  /** The call is over (any way it ended): the bridge lets go of what it held for it. */
  void ended(String key);

  /** No bridge: offers and answers pass unchanged. */
  MediaBridge NONE =
      new MediaBridge() {
        @Override
        public Future<String> callerOffer(String key, String offer) {
          return Future.succeededFuture(offer);
        }

        @Override
        public Future<String> ourAnswer(String key, String answer) {
          return Future.succeededFuture(answer);
        }

        @Override
        public void ended(String key) {}
      };
}
