package org.oavc.connector.opensips;

import static org.oavc.connector.opensips.MiTestSupport.await;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.extension.ExtendWith;

/** One MiClient per test against scripted loopback peers; everything is closed afterwards. */
@ExtendWith(VertxExtension.class)
abstract class MiClientTestBase {
  static final List<byte[]> SILENT = List.of();

  final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final List<AutoCloseable> toClose = new ArrayList<>();
  private MiClient client;

  @AfterEach
  void tearDown() throws Exception {
    if (client != null) {
      await(client.close());
    }
    for (AutoCloseable c : toClose) {
      c.close();
    }
  }

  ScriptedUdpPeer peer(Function<ScriptedUdpPeer.Request, List<byte[]>> script) throws Exception {
    ScriptedUdpPeer p = ScriptedUdpPeer.start(script);
    toClose.add(p);
    return p;
  }

  MiClient client(Vertx vertx, ScriptedUdpPeer peer, Duration timeout, int retries) {
    client =
        MiClient.create(
            vertx,
            new MiClientOptions()
                .setHost("127.0.0.1")
                .setPort(peer.port())
                .setTimeout(timeout)
                .setRetries(retries)
                .setMeterRegistry(registry));
    return client;
  }

  double orphans() {
    return registry.counter("oavc_mi_orphan_replies_total").count();
  }
}
