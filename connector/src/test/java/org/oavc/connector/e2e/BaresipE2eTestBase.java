package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.oavc.connector.call.CallState;
import org.oavc.connector.call.CallView;
import org.oavc.connector.testdouble.OpenSipsTarget;

/**
 * What the baresip tests share: baresip must be installed (else they skip), the OpenSIPS target
 * (the double, or a real OpenSIPS through OPENSIPS_MI/OPENSIPS_SIP) is opened before each test, and
 * baresip, the daemon and the target are closed after it, in that order. Tagged "baresip".
 */
@Tag("baresip")
abstract class BaresipE2eTestBase {
  protected static final Duration WAIT = Duration.ofSeconds(20);

  /**
   * RTP we drop at the start of a call. Before the bind carried the negotiation, baresip's first
   * packets (it sends the moment our 200 arrives) were dropped for an unknown payload type: 0-6 on
   * a quiet machine, 16 at load 7, 26-63 with Opus. Now none may be.
   */
  private static final long MAX_DROPPED_AT_START = 0;

  protected OpenSipsTarget target;
  protected ConnectorUnderTest connector;
  protected BaresipUa phone;
  private long droppedAtStart;

  @BeforeEach
  void openTarget() {
    assumeTrue(BaresipUa.isAvailable(), "baresip (Debian package baresip) is not installed");
    target = OpenSipsTarget.fromEnvironment();
  }

  @AfterEach
  void closeAll() throws Exception {
    try {
      if (phone != null) {
        phone.close();
      }
      if (connector != null) {
        connector.close();
      }
    } finally {
      if (target != null) {
        target.close();
      }
    }
  }

  /**
   * Starts the daemon with {@code settings}, then baresip offering only {@code codec} with {@code
   * microphone} as its audio source, which calls the daemon through the target; returns the
   * answered call once baresip's RTP is being used.
   */
  protected CallView call(BaresipUa.Codec codec, short[] microphone, Map<String, String> settings)
      throws Exception {
    startPeers(codec, microphone, settings);
    phone.dial(target.sipAddress(), "service");
    CallView live = connector.awaitLiveCall(CallState.ACTIVE);
    // baresip sends from the moment it has our 200 OK; those first packets can beat our RTP
    // socket's bind or the negotiation's apply (then their payload type is not yet known):
    // the known cost of answering before the bind that MediaE2eTest also allows for.
    droppedAtStart =
        media(awaitCallJson(live.key(), j -> media(j).getLong("packetsIn") >= 10))
            .getLong("invalidPackets");
    assertThat(droppedAtStart).as(this::dropped).isLessThanOrEqualTo(MAX_DROPPED_AT_START);
    return live;
  }

  /** The daemon with {@code settings} and baresip offering only {@code codec}; no call yet. */
  protected void startPeers(BaresipUa.Codec codec, short[] microphone, Map<String, String> settings)
      throws Exception {
    connector = ConnectorUnderTest.start(target, settings);
    phone = BaresipUa.start(codec.name().toLowerCase(), codec, microphone);
  }

  /** Once media runs, every packet of baresip's is used: across hold, resume and digits too. */
  protected void assertNoDropAfterTheStart(String key) throws Exception {
    assertThat(media(callJson(key)).getLong("invalidPackets"))
        .as(this::dropped)
        .isEqualTo(droppedAtStart);
  }

  /** RTP we dropped, by reason, for failure messages. */
  private String dropped() {
    return "dropped RTP: malformed="
        + connector.counter("oavc_media_rtp_dropped_total", "reason", "malformed")
        + " payload_type="
        + connector.counter("oavc_media_rtp_dropped_total", "reason", "payload_type")
        + " unlatched_source="
        + connector.counter("oavc_media_rtp_dropped_total", "reason", "unlatched_source");
  }

  /** GET /calls/{key}: the call with its media and ai objects. */
  protected JsonObject callJson(String key) throws Exception {
    return new JsonObject(connector.http("GET", "/calls/" + key).body());
  }

  protected JsonObject awaitCallJson(String key, Predicate<JsonObject> until) {
    return await("GET /calls/" + key)
        .atMost(WAIT)
        .until(() -> callJson(key), j -> j.getJsonObject("media") != null && until.test(j));
  }

  protected static JsonObject media(JsonObject call) {
    return call.getJsonObject("media");
  }
}
