package org.oavc.connector.ai;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.oavc.connector.ai.echo.EchoSessions;
import org.oavc.connector.config.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The session factories by flavor name; one per daemon. */
public final class AiFlavors {
  private static final Logger log = LoggerFactory.getLogger("oavc.ai");

  private final Map<String, AiSessionFactory> factories = new LinkedHashMap<>();

  public AiFlavors add(AiSessionFactory factory) {
    factories.put(factory.flavor(), factory);
    return this;
  }

  /** Null when no such flavor is installed. */
  public AiSessionFactory get(String flavor) {
    return flavor == null ? null : factories.get(flavor);
  }

  public Set<String> names() {
    return factories.keySet();
  }

  public void close() {
    factories.values().forEach(f -> {
      try {
        f.close();
      } catch (RuntimeException e) {
        log.warn("closing the {} flavor failed: {}", f.flavor(), e.toString());
      }
    });
  }

  /**
   * Echo plus the realtime and pipeline flavors. Those two live in their own packages, built in
   * parallel with this one; they are looked up by their factory method so this class does not
   * depend on them at compile time (a missing one is logged and its calls get the failure action).
   */
  public static AiFlavors standard(Vertx vertx, Settings settings, MeterRegistry meters) {
    AiFlavors f = new AiFlavors().add(EchoSessions.factory(vertx, settings, meters));
    for (String cls : new String[] {
        "org.oavc.connector.ai.realtime.RealtimeSessions", "org.oavc.connector.ai.pipeline.PipelineSessions"}) {
      try {
        Object factory = Class.forName(cls).getMethod("factory", Vertx.class, Settings.class, MeterRegistry.class)
            .invoke(null, vertx, settings, meters);
        f.add((AiSessionFactory) factory);
      } catch (ReflectiveOperationException | LinkageError e) {
        log.warn("AI flavor {} is not available: {}", cls, e.toString());
      }
    }
    return f;
  }
}
