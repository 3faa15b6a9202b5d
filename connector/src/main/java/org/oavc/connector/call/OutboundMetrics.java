package org.oavc.connector.call;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import org.oavc.connector.media.port.PortsExhaustedException;
import org.oavc.connector.opensips.MiException;
import org.oavc.connector.opensips.MiTimeoutException;

/** POST /calls outcomes ({@code oavc_outbound_requests_total}) and the queue's depth. */
final class OutboundMetrics {
  private static final String[] RESULTS = {
    "placed", "queue_full", "draining", "mi_error", "mi_timeout", "no_ports", "error"
  };
  private final Map<String, Counter> results = new HashMap<>();

  OutboundMetrics(MeterRegistry registry, OutboundQueue queue) {
    for (String r : RESULTS) {
      results.put(
          r,
          Counter.builder("oavc_outbound_requests_total")
              .description("Calls asked for with POST /calls, by what became of the request")
              .tag("result", r)
              .register(registry));
    }
    Gauge.builder("oavc_outbound_queued", queue, OutboundQueue::waiting)
        .description("Outbound calls waiting for a concurrency or calls-per-second slot")
        .register(registry);
  }

  void refused(String result) {
    results.get(result).increment();
  }

  /** "placed", or the failure of a placement. */
  void placed(Object outcome) {
    String result =
        outcome instanceof MiTimeoutException
            ? "mi_timeout"
            : outcome instanceof MiException
                ? "mi_error"
                : outcome instanceof PortsExhaustedException
                    ? "no_ports"
                    : outcome instanceof Throwable ? "error" : "placed";
    results.get(result).increment();
  }
}
