package org.oavc.connector.e2e;

import static org.awaitility.Awaitility.await;

import java.io.File;
import java.net.HttpURLConnection;
import java.net.URL;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.oavc.connector.testdouble.OpenSipsTarget;

/** The connector as operators run it, in a JVM of its own that a test can kill (SIGKILL). */
public final class ConnectorJvm {
  private ConnectorJvm() {}

  /** Starts `oavc run` against {@code target} with these settings (env) over the test ones. */
  public static Process start(OpenSipsTarget target, Map<String, String> settings, Path log)
      throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb =
        new ProcessBuilder(
                java,
                "-cp",
                System.getProperty("java.class.path"),
                "org.oavc.connector.cli.OavcCli",
                "run")
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")));
    Map<String, String> env = pb.environment();
    env.put("MI_IP", target.miAddress().getAddress().getHostAddress());
    env.put("MI_PORT", Integer.toString(target.miAddress().getPort()));
    env.put("EVENT_IP", "127.0.0.1");
    env.put("AI_SERVICES_EMBEDDED", "false");
    env.put("AI_FLAVOR", "none");
    env.put("SIGNALLING_WARMUP_CALLS", "0");
    env.putAll(settings);
    return pb.start();
  }

  /** Waits (bounded) until the JVM's management API answers /ready with 200. */
  public static void awaitReady(Process p, int httpPort) {
    await("the connector JVM is ready")
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              if (!p.isAlive()) {
                throw new IllegalStateException("connector JVM exited with " + p.exitValue());
              }
              try {
                HttpURLConnection c =
                    (HttpURLConnection)
                        new URL("http://127.0.0.1:" + httpPort + "/ready").openConnection();
                c.setConnectTimeout(200);
                c.setReadTimeout(1000);
                return c.getResponseCode() == 200;
              } catch (java.io.IOException e) {
                return false;
              }
            });
  }
}
