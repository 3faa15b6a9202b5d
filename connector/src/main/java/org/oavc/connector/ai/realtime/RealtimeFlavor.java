package org.oavc.connector.ai.realtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import org.oavc.common.settings.Settings;
import org.oavc.connector.ai.AgentProfile;
import org.oavc.connector.ai.AiCallInfo;
import org.oavc.connector.ai.AiSession;
import org.oavc.connector.ai.AiSessionFactory;
import org.oavc.connector.ai.realtime.impl.RealtimeSessionImpl;

/** The "realtime" flavor's session factory. */
public final class RealtimeFlavor {
  public static final String FLAVOR = "realtime";

  private RealtimeFlavor() {}

  /** Sessions configured from the REALTIME_* and AI_* keys; meters go to {@code meters}. */
  public static AiSessionFactory factory(Vertx vertx, Settings settings, MeterRegistry meters) {
    return factory(vertx, RealtimeOptions.fromSettings(settings).setMeterRegistry(meters));
  }

  public static AiSessionFactory factory(Vertx vertx, RealtimeOptions options) {
    return new AiSessionFactory() {
      @Override
      public String flavor() {
        return FLAVOR;
      }

      @Override
      public AiSession create(AiCallInfo info, AgentProfile profile) {
        return new RealtimeSessionImpl(vertx, options, info, profile);
      }
    };
  }
}
