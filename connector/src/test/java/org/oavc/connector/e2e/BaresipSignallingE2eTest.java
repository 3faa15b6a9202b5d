package org.oavc.connector.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;

/**
 * The call's ends with a real UA on the other side, through OpenSIPS (double or real): our BYE
 * (operator hang-up) reaches baresip, and baresip cancelling while it hears ringback gets the 487
 * that we, not OpenSIPS, must send. The media side of these calls is {@link BaresipE2eTest}'s.
 */
class BaresipSignallingE2eTest extends BaresipE2eTestBase {
  private static final short[] SILENCE = new short[8000 * 60];

  @Test
  void ourHangupReachesBaresipAsABye() throws Exception {
    CallView live = call(BaresipUa.Codec.PCMU, SILENCE, Map.of("AI_FLAVOR", "echo"));
    assertThat(connector.http("DELETE", "/calls/" + live.key()).statusCode()).isEqualTo(202);

    phone.control().awaitEvent("CALL_CLOSED");
    assertThat(phone.log()).contains("BYE sip:caller");
    assertThat(connector.awaitEnded(live.key()).endCause()).isEqualTo(EndCause.HANGUP);
    assertNoDropAfterTheStart(live.key());
    connector.awaitNoPortInUse();
  }

  @Test
  void baresipHangingUpWhileItRingsCancelsTheCallAndGetsOur487() throws Exception {
    startPeers(BaresipUa.Codec.PCMU, SILENCE, Map.of("AI_FLAVOR", "echo", "RING_MS", "15000"));
    phone.startCall(target.sipAddress(), "service");
    phone.control().awaitEvent("CALL_RINGING");
    phone.hangup(); // not answered yet: a CANCEL

    CallView ended = connector.awaitAnyEnded();
    assertThat(ended.endCause()).isEqualTo(EndCause.CALLER_CANCEL);
    assertThat(ended.finalStatus()).isEqualTo(487);
    await("baresip got the 487").atMost(WAIT).until(phone::log, l -> l.contains("SIP/2.0 487"));
    assertThat(phone.log()).contains("CANCEL sip:");
    assertThat(phone.control().events("CALL_ESTABLISHED")).isEmpty();
    connector.awaitNoPortInUse();
  }
}
