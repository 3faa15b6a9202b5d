package org.oavc.connector.ai.tools;

import io.vertx.core.Future;

/** What the built-in tools do to the call they were called on. */
public interface CallActions {

  /** Hangs up once the audio queued so far has been played out (the goodbye is heard). */
  Future<Void> hangUpAfterPlayout();

  /** REFERs the caller to {@code uri} and, once OpenSIPS took the REFER, hangs up our leg. */
  Future<Void> transfer(String uri);

  /** Queues one RFC 4733 digit; false when the call negotiated no telephone-event. */
  boolean sendDtmf(char digit);
}
