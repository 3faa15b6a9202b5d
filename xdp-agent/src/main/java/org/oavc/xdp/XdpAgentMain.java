package org.oavc.xdp;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.oavc.xdp.bpf.AttachMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the agent as its own process. Settings: config/oavc.env (or the file given with
 * --config / CONFIG_FILE), overridden by environment variables of the same names.
 */
public final class XdpAgentMain {
  private static final Logger LOG = LoggerFactory.getLogger(XdpAgentMain.class);

  private XdpAgentMain() {}

  public static void main(String[] args) throws Exception {
    XdpAgentOptions o;
    try {
      o = options(settings(args));
    } catch (IOException | IllegalArgumentException e) {
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
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      agent.close().await();
      vertx.close().await();
    }, "xdp-agent-shutdown"));
  }

  static XdpAgentOptions options(Map<String, String> c) {
    XdpAgentOptions o = new XdpAgentOptions()
        .setInterfaceName(blankToNull(c.get("XDP_IFACE")))
        .setNetns(blankToNull(c.get("XDP_NETNS")))
        .setAttachMode(AttachMode.parse(c.getOrDefault("XDP_MODE", "native")))
        .setAdoptPinned(Boolean.parseBoolean(c.getOrDefault("XDP_ADOPT", "false")))
        .setPinDir(Path.of(c.getOrDefault("XDP_PIN_DIR", "/sys/fs/bpf/oavc")))
        .setDetachOnClose(Boolean.parseBoolean(c.getOrDefault("XDP_DETACH_ON_EXIT", "true")))
        .setStateFile(Path.of(c.getOrDefault("XDP_STATE_FILE", "/var/lib/oavc/xdp-state.json")))
        .setHttpHost(c.getOrDefault("XDP_HTTP_IP", "127.0.0.1"))
        .setHttpPort(Integer.parseInt(c.getOrDefault("XDP_HTTP_PORT", "8082")))
        .setPikeEventHost(c.getOrDefault("XDP_PIKE_EVENT_IP", "127.0.0.1"))
        .setPikeEventPort(Integer.parseInt(c.getOrDefault("XDP_PIKE_EVENT_PORT", "8090")))
        .setPikeBlockSeconds(Integer.parseInt(c.getOrDefault("XDP_PIKE_BLOCK_S", "300")))
        .setMiHost(c.getOrDefault("MI_IP", "127.0.0.1"))
        .setPikeSources(java.util.Arrays.asList(java.util.Objects.requireNonNullElse(
            blankToNull(c.get("XDP_PIKE_SOURCES")), c.getOrDefault("MI_IP", "127.0.0.1")).split(",")))
        .setImportLimitBytes(Integer.parseInt(c.getOrDefault("XDP_IMPORT_MAX_BYTES", "8388608")))
        .setMiPort(Boolean.parseBoolean(c.getOrDefault("XDP_PIKE_SUBSCRIBE", "true"))
            ? Integer.parseInt(c.getOrDefault("MI_PORT", "8088")) : 0);
    String obj = blankToNull(c.get("XDP_OBJECT"));
    return obj == null ? o : o.setObjectFile(Path.of(obj));
  }

  /** KEY=value file (comments with #), then the environment on top. */
  static Map<String, String> settings(String[] args) throws IOException {
    String file = System.getenv("CONFIG_FILE");
    for (int i = 0; i + 1 < args.length; i++) {
      if (args[i].equals("--config")) {
        file = args[i + 1];
      }
    }
    Path path = file != null ? Path.of(file) : Path.of("config/oavc.env");
    Map<String, String> out = new HashMap<>();
    if (Files.isRegularFile(path)) {
      for (String line : Files.readAllLines(path)) {
        String l = line.trim();
        int eq = l.indexOf('=');
        if (!l.startsWith("#") && eq > 0) {
          out.put(l.substring(0, eq).trim(), l.substring(eq + 1).trim());
        }
      }
    } else if (file != null) {
      throw new IOException("config file not found: " + path);
    }
    out.putAll(System.getenv());
    return out;
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s;
  }
}
