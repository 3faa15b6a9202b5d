package org.oavc.connector.media.rtpengine;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.oavc.connector.call.MediaBridge;
import org.oavc.connector.call.MediaBridgeUnavailableException;
import org.oavc.connector.sdp.SdpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * WebRTC callers through rtpengine. b2b_entities builds the 200 from MI, so no OpenSIPS script
 * route sees it and the cfg cannot call rtpengine on it: the connector drives rtpengine itself. A
 * WebRTC offer (a secure RTP profile: UDP/TLS/RTP/SAVPF with a DTLS fingerprint, or RTP/SAVP) goes
 * to rtpengine as {@code offer} and comes back as plain RTP/AVP without ICE and with RTCP apart,
 * which our answerer takes; our answer goes back as {@code answer} and comes back as
 * UDP/TLS/RTP/SAVPF with ICE and rtcp-mux, which goes into the 200. The same holds for re-offers;
 * {@code delete} when the call ends. Other offers pass unchanged. The rtpengine call-id is the
 * call's key (unique per call, also when it moves to another node); the tags are fixed, as each
 * rtpengine call has exactly one caller and us.
 */
public final class RtpEngineBridge implements MediaBridge {
  private static final Logger log = LoggerFactory.getLogger("oavc.call");

  static final String CALLER_TAG = "caller";
  static final String OUR_TAG = "oavc";

  static final Map<String, Object> OFFER_FLAGS =
      Map.of("transport-protocol", "RTP/AVP", "ICE", "remove", "rtcp-mux", List.of("demux"));
  static final Map<String, Object> ANSWER_FLAGS =
      Map.of(
          "transport-protocol",
          "UDP/TLS/RTP/SAVPF",
          "ICE",
          "force",
          "rtcp-mux",
          List.of("require"));

  /**
   * How a caller's offer fared, once its answer is through too: the outcome tag of {@code
   * oavc_webrtc_offers_total}.
   */
  enum Outcome {
    BRIDGED,
    REFUSED,
    UNAVAILABLE,
    NOT_CONFIGURED
  }

  private final RtpEngineClient client;
  private final Map<Outcome, Counter> offers = new EnumMap<>(Outcome.class);

  /** Keys of the calls rtpengine may hold (from the first offer sent until the call's end). */
  private final Set<String> bridged = new HashSet<>();

  private RtpEngineBridge(RtpEngineClient client, MeterRegistry meters) {
    this.client = client;
    for (Outcome o : Outcome.values()) {
      offers.put(
          o,
          Counter.builder("oavc_webrtc_offers_total")
              .description("WebRTC offers (initial and re-offers) by what the bridge made of them")
              .tag("outcome", o.name().toLowerCase())
              .register(meters));
    }
  }

  /**
   * A bridge over rtpengine, on the caller's context; without instances (RTPENGINE_NG empty) it
   * refuses every WebRTC offer with 488 and passes the others.
   */
  public static RtpEngineBridge create(Vertx vertx, RtpEngineOptions options) {
    RtpEngineClient client = options.configured() ? RtpEngineClient.create(vertx, options) : null;
    return new RtpEngineBridge(client, options.getMeterRegistry());
  }

  /** A bridge over an existing client (null: not configured). */
  public static RtpEngineBridge over(RtpEngineClient client, MeterRegistry meters) {
    return new RtpEngineBridge(client, meters);
  }

  /**
   * True when the offer has an audio stream on a secure RTP profile (SAVP, SAVPF, UDP/TLS/RTP/...),
   * which our plain RTP cannot answer. ICE alone does not count: plain phones with ICE are answered
   * directly, as before.
   */
  public static boolean needsBridge(String sdp) {
    if (sdp == null) {
      return false;
    }
    for (String line : sdp.split("\r?\n")) {
      if (line.startsWith("m=audio ")) {
        String[] f = line.trim().split(" +");
        if (f.length > 2 && f[2].toUpperCase().contains("SAVP")) {
          return true;
        }
      }
    }
    return false;
  }

  @Override
  public Future<String> callerOffer(String key, String offer) {
    boolean known = bridged.contains(key);
    if (offer == null || offer.isBlank() || !(known || needsBridge(offer))) {
      return Future.succeededFuture(offer);
    }
    if (client == null) {
      offers.get(Outcome.NOT_CONFIGURED).increment();
      log.warn("key={} WebRTC offer, but no rtpengine is configured (RTPENGINE_NG): 488", key);
      return Future.failedFuture(
          new SdpException("WebRTC offer (DTLS-SRTP) and no rtpengine configured"));
    }
    bridged.add(key);
    return client
        .offer(key, CALLER_TAG, offer, OFFER_FLAGS)
        .<String>transform(
            ar -> {
              if (ar.succeeded()) {
                if (!bridged.contains(key)) {
                  release(key); // the call ended while rtpengine took the offer
                }
                return Future.succeededFuture(ar.result());
              }
              return Future.failedFuture(failure(key, "offer", ar.cause()));
            });
  }

  @Override
  public Future<String> ourAnswer(String key, String answer) {
    if (!bridged.contains(key)) {
      return Future.succeededFuture(answer);
    }
    return client
        .answer(key, CALLER_TAG, OUR_TAG, answer, ANSWER_FLAGS)
        .onSuccess(sdp -> offers.get(Outcome.BRIDGED).increment())
        .recover(e -> Future.failedFuture(failure(key, "answer", e)));
  }

  private Throwable failure(String key, String command, Throwable e) {
    if (e instanceof RtpEngineException r && r.unreachable()) {
      offers.get(Outcome.UNAVAILABLE).increment();
      return new MediaBridgeUnavailableException(e.getMessage());
    }
    offers.get(Outcome.REFUSED).increment();
    log.info("key={} rtpengine refused the {}: {}", key, command, e.getMessage());
    return new SdpException("rtpengine refused the " + command + ": " + e.getMessage());
  }

  @Override
  public void ended(String key) {
    if (bridged.remove(key)) {
      release(key);
    }
  }

  private void release(String key) {
    client
        .delete(key, CALLER_TAG)
        .onFailure(e -> log.warn("key={} rtpengine delete failed: {}", key, e.getMessage()));
  }

  /** Closes the ng client (after the calls were drained: their deletes have left). */
  public Future<Void> close() {
    return client == null ? Future.succeededFuture() : client.close();
  }
}
