package org.oavc.connector.ai.echo;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import org.oavc.common.settings.Settings;
import org.oavc.connector.ai.AgentProfile;
import org.oavc.connector.ai.AiCallInfo;
import org.oavc.connector.ai.AiSession;
import org.oavc.connector.ai.AiSessionFactory;

/** The echo flavor: line tests and round-trip measurements, no AI service involved. */
public final class EchoFlavor {
  public static final String FLAVOR = "echo";

  private EchoFlavor() {}

  public static AiSessionFactory factory(Vertx vertx, Settings settings) {
    return factory(vertx, settings, null);
  }

  /** With {@code meters}, round trips are also recorded as oavc_ai_echo_rtt_seconds. */
  public static AiSessionFactory factory(Vertx vertx, Settings settings, MeterRegistry meters) {
    int delay = settings.integer("ECHO_DELAY_MS", 0, 10_000);
    return new AiSessionFactory() {
      @Override
      public String flavor() {
        return FLAVOR;
      }

      @Override
      public AiSession create(AiCallInfo info, AgentProfile profile) {
        return new EchoSession(info, delay, meters);
      }
    };
  }
}
