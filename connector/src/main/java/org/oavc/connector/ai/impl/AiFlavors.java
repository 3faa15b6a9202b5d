package org.oavc.connector.ai.impl;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Vertx;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.oavc.common.settings.Settings;
import org.oavc.connector.ai.AiSessionFactory;
import org.oavc.connector.ai.echo.EchoFlavor;
import org.oavc.connector.ai.pipeline.PipelineFlavor;
import org.oavc.connector.ai.realtime.RealtimeFlavor;
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
    factories
        .values()
        .forEach(
            f -> {
              try {
                f.close();
              } catch (RuntimeException e) {
                log.warn("closing the {} flavor failed: {}", f.flavor(), e.toString());
              }
            });
  }

  /**
   * The three built-in flavors. A flavor's own config error (a ConfigException from its factory)
   * fails the daemon start, naming the key.
   */
  public static AiFlavors standard(Vertx vertx, Settings settings, MeterRegistry meters) {
    return new AiFlavors()
        .add(EchoFlavor.factory(vertx, settings, meters))
        .add(RealtimeFlavor.factory(vertx, settings, meters))
        .add(PipelineFlavor.factory(vertx, settings, meters));
  }
}
