package org.oavc.xdp;

import io.vertx.core.Vertx;
import java.util.Map;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent as its own process. Settings: the shipped config/oavc.env under an operator's file
 * ({@code --config FILE}, else CONFIG_FILE), under environment variables of the same names; see
 * {@link XdpAgentOptions#fromSettings}.
 */
public final class XdpAgentMain {
  private static final Logger LOG = LoggerFactory.getLogger(XdpAgentMain.class);

  private XdpAgentMain() {}

  public static void main(String[] args) throws Exception {
    XdpAgentOptions o;
    try {
      o = options(args, System.getenv());
    } catch (ConfigException e) {
      System.err.println("xdp-agent: bad configuration: " + e.getMessage());
      System.exit(2);
      return;
    }
    Vertx vertx = Vertx.vertx();
    XdpAgent agent = XdpAgent.create(vertx, o);
    try {
      agent.start().await();
    } catch (Exception e) {
      LOG.error("xdp-agent failed to start: {}", e.getMessage());
      vertx.close().await();
      System.exit(1);
    }
    if (agent.attachment() != null) {
      System.out.println("xdp-agent: " + agent.attachment().note());
    }
    System.out.println("xdp-agent: HTTP API on " + o.getHttpHost() + ":" + agent.httpPort());
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  agent.close().await();
                  vertx.close().await();
                },
                "xdp-agent-shutdown"));
  }

  /**
   * {@code [--config FILE]} over the shipped defaults (else CONFIG_FILE), under the environment.
   */
  static XdpAgentOptions options(String[] args, Map<String, String> env) {
    return XdpAgentOptions.fromSettings(Settings.forCommandLine(args, env));
  }
}
