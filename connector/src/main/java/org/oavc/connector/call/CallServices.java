package org.oavc.connector.call;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import org.oavc.connector.cluster.CallHandoffs;
import org.oavc.connector.cluster.CallOwnership;
import org.oavc.connector.cluster.CallRecords;
import org.oavc.connector.cluster.ClusterOptions;
import org.oavc.connector.media.MediaSessionFactory;
import org.oavc.connector.media.port.PortPool;
import org.oavc.connector.opensips.MiClient;
import org.oavc.connector.recording.CallRecordings;
import org.oavc.connector.sdp.SdpAnswerer;
import org.oavc.connector.sdp.SdpException;
import org.oavc.connector.sdp.SdpNegotiation;

/** What the call handlers share: the peers they drive and the state they keep. */
record CallServices(
    Vertx vertx,
    MiClient mi,
    PortPool ports,
    MediaSessionFactory media,
    SdpAnswerer sdp,
    CallRegistry registry,
    CallPolicy policy,
    CallMetrics metrics,
    CallAgent agent,
    MediaBridge bridge,
    CallClustering clustering,
    CallRecordings recordings) {

  /**
   * Our answer to {@code offer}, or our own offer when there is none (it then goes in our 200 or
   * reply); {@code previous} is the call's negotiation so far (null at set-up).
   */
  SdpNegotiation negotiate(Call call, String offer, SdpNegotiation previous) throws SdpException {
    return offer == null || offer.isBlank()
        ? sdp.offer(call.port(), previous, agent.codecPreferences(call))
        : sdp.answer(offer, call.port(), previous, agent.codecPreferences(call));
  }

  /**
   * Starts the call's recording when its request or the settings (RECORD_CALLS, RECORD_FLAVORS)
   * want one, or {@code botConfigAsked} unless the request said "record": false; once the media is
   * attached and negotiated.
   */
  void recordIfWanted(Call call, boolean botConfigAsked) {
    if (call.media() == null || call.negotiation() == null || call.isEnded()) {
      return;
    }
    Boolean requested = call.recordRequested();
    if ((botConfigAsked && requested == null)
        || recordings.options().wanted(requested, agent.flavorBeforeAnswer(call))) {
      startRecording(call);
    }
  }

  /** Records the call (its part here, for one carried on from another node). */
  void startRecording(Call call) {
    recordings
        .start(call.key(), call.media(), call.negotiation().codec().speechRate())
        .ifPresent(
            file -> {
              call.recording(file);
              records().recorded(call.key());
            });
  }

  /** Completes after {@code millis} (a Vert.x timer); at once, already complete, when 0 or less. */
  Future<Void> after(long millis) {
    if (millis <= 0) {
      return Future.succeededFuture();
    }
    Promise<Void> done = Promise.promise();
    vertx.setTimer(millis, id -> done.complete());
    return done.future();
  }

  CallOwnership ownership() {
    return clustering.ownership();
  }

  CallHandoffs handoffs() {
    return clustering.handoffs();
  }

  CallRecords records() {
    return clustering.records();
  }

  ClusterOptions cluster() {
    return clustering.options();
  }
}
