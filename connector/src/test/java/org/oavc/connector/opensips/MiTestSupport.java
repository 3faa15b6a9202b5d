package org.oavc.connector.opensips;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Small helpers shared by the MI and subscription tests. */
final class MiTestSupport {
  private MiTestSupport() {}

  /** Waits (10 s at most) for a future and returns its value, rethrowing its failure. */
  static <T> T await(Future<T> f) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof Exception cause) {
        throw cause;
      }
      throw e;
    } catch (TimeoutException e) {
      throw new AssertionError("future not completed within 10 s", e);
    }
  }

  /** Waits for a future that must fail and returns the failure. */
  static Throwable failure(Future<?> f) throws Exception {
    try {
      Object v = await(f);
      throw new AssertionError("expected a failure, got " + v);
    } catch (AssertionError e) {
      throw e;
    } catch (Exception e) {
      return e;
    }
  }

  /** How many calls of {@code method} ended with {@code outcome} (ok, error, timeout). */
  static long calls(MeterRegistry registry, String method, String outcome) {
    Timer t =
        registry.find("oavc_mi_request_seconds").tags("method", method, "outcome", outcome).timer();
    return t == null ? 0 : t.count();
  }
}
