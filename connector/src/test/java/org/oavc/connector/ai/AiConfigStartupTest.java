package org.oavc.connector.ai;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.ConfigException;
import org.oavc.connector.config.OavcConfig;
import org.oavc.connector.daemon.OavcDaemon;

/**
 * A broken AI setting stops the daemon at start-up with a message naming it, not at the first call.
 */
class AiConfigStartupTest {

  @Test
  void invalidFlavorRuleFailsTheDaemonStart() {
    assertThat(startFailure("AI_FLAVOR_RULES", "to:^echo$=echo;via:x=echo"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("AI_FLAVOR_RULES")
        .hasMessageContaining("via:x=echo");
  }

  @Test
  void unknownCodecInAFlavorsListFailsTheDaemonStart() {
    assertThat(startFailure("REALTIME_CODECS", "PCMU,G729"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("REALTIME_CODECS")
        .hasMessageContaining("G729");
  }

  @Test
  void aTransferAllowlistEntryThatIsNoUriFailsTheDaemonStart() {
    assertThat(startFailure("TRANSFER_ALLOWED", "sip:*@pbx.example.com, 0900*"))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("TRANSFER_ALLOWED")
        .hasMessageContaining("'0900*'");
  }

  private static Throwable startFailure(String key, String value) {
    OavcConfig config =
        OavcConfig.defaultsWith(
            Map.of(
                "AI_SERVICES_EMBEDDED",
                "false",
                "EVENT_PORT",
                "0",
                "HTTP_PORT",
                "0",
                "STATE_DIR",
                org.oavc.connector.TestStateDir.fresh(),
                "EVENT_IP",
                "127.0.0.1",
                "MI_PORT",
                "9",
                "RTP_MIN_PORT",
                "38300",
                "RTP_MAX_PORT",
                "38309",
                key,
                value));
    Throwable failure = null;
    try {
      OavcDaemon.start(config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      failure = e.getCause();
    } catch (Exception e) {
      failure = e;
    }
    return failure;
  }
}
