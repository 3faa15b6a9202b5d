package org.oavc.xdp;

import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.util.List;
import org.oavc.common.http.ApiGuardOptions;
import org.oavc.common.http.ApiToken;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;
import org.oavc.xdp.bpf.AttachMode;

/**
 * Options of an {@link XdpAgent}. Fluent setters; defaults suit a single host and are the shipped
 * config/oavc.env's ({@link #fromSettings} reads that file's keys).
 */
public class XdpAgentOptions {
  private String interfaceName;
  private String netns;
  private AttachMode attachMode = AttachMode.NATIVE;
  private boolean adoptPinned;
  private Path objectFile;
  private Path pinDir = Path.of("/sys/fs/bpf/oavc");
  private boolean pinMaps = true;
  private boolean detachOnClose = true;
  private Path stateFile = Path.of("/var/lib/oavc/xdp-state.json");
  private String httpHost = "127.0.0.1";
  private int httpPort = 8082;
  private String pikeEventHost = "127.0.0.1";
  private int pikeEventPort;
  private int pikeBlockSeconds = 300;
  private String miHost = "127.0.0.1";
  private int miPort;
  private long sweepIntervalMs = 1000;
  private int importLimitBytes = 8 * 1024 * 1024;
  private List<String> pikeSources = List.of("127.0.0.1");
  private ApiToken apiToken;
  private Path apiTokenFile = Path.of("/var/lib/oavc/xdp-agent.token");
  private List<String> apiAllowedHosts = List.of();
  private boolean metricsAuth;
  private MeterRegistry meterRegistry;

  /**
   * The XDP_* settings, plus MI_IP and MI_PORT (where OpenSIPS is, for the pike subscription and as
   * the default trusted pike sender) and the API's STATE_DIR (its token file), API_ALLOWED_HOSTS
   * and METRICS_AUTH.
   */
  public static XdpAgentOptions fromSettings(Settings s) {
    String miHost = s.string("MI_IP").trim();
    String stateDir = s.string("STATE_DIR").trim();
    if (stateDir.isEmpty()) {
      throw new ConfigException("STATE_DIR is empty: give the directory for the API token");
    }
    XdpAgentOptions o =
        new XdpAgentOptions()
            .setInterfaceName(s.optional("XDP_IFACE").orElse(null))
            .setNetns(s.optional("XDP_NETNS").orElse(null))
            .setAttachMode(AttachMode.parse(s.choice("XDP_MODE", "native", "generic")))
            .setAdoptPinned(s.bool("XDP_ADOPT"))
            .setPinDir(Path.of(s.string("XDP_PIN_DIR").trim()))
            .setDetachOnClose(s.bool("XDP_DETACH_ON_EXIT"))
            .setStateFile(Path.of(s.string("XDP_STATE_FILE").trim()))
            .setObjectFile(s.optional("XDP_OBJECT").map(Path::of).orElse(null))
            .setHttpHost(s.string("XDP_HTTP_IP").trim())
            .setHttpPort(s.port("XDP_HTTP_PORT"))
            .setPikeEventHost(s.string("XDP_PIKE_EVENT_IP").trim())
            .setPikeEventPort(s.port("XDP_PIKE_EVENT_PORT"))
            .setPikeBlockSeconds(s.integer("XDP_PIKE_BLOCK_S", 1, 315_360_000))
            .setMiHost(miHost)
            .setMiPort(s.bool("XDP_PIKE_SUBSCRIBE") ? s.port("MI_PORT") : 0)
            .setImportLimitBytes(s.integer("XDP_IMPORT_MAX_BYTES", 1024, 1 << 30))
            .setApiToken(
                s.optional("XDP_AGENT_TOKEN")
                    .map(t -> ApiToken.of(t, "XDP_AGENT_TOKEN"))
                    .orElse(null))
            .setApiTokenFile(Path.of(stateDir).resolve("xdp-agent.token"))
            .setApiAllowedHosts(s.list("API_ALLOWED_HOSTS"))
            .setMetricsAuth(s.bool("METRICS_AUTH"));
    List<String> sources = s.list("XDP_PIKE_SOURCES");
    return o.setPikeSources(sources.isEmpty() ? List.of(miHost) : sources);
  }

  public String getInterfaceName() {
    return interfaceName;
  }

  /** Interface to attach the program to; null = load only (no attach). */
  public XdpAgentOptions setInterfaceName(String interfaceName) {
    this.interfaceName = interfaceName;
    return this;
  }

  public String getNetns() {
    return netns;
  }

  /** Network namespace (bind path such as /run/netns/NAME) holding the interface; null = ours. */
  public XdpAgentOptions setNetns(String netns) {
    this.netns = netns;
    return this;
  }

  public AttachMode getAttachMode() {
    return attachMode;
  }

  /** NATIVE (falls back to GENERIC, reported) or GENERIC. */
  public XdpAgentOptions setAttachMode(AttachMode attachMode) {
    this.attachMode = attachMode;
    return this;
  }

  public boolean isAdoptPinned() {
    return adoptPinned;
  }

  /** Adopt maps pinned under {@link #getPinDir()}/maps by scripts/deploy.sh instead of loading. */
  public XdpAgentOptions setAdoptPinned(boolean adoptPinned) {
    this.adoptPinned = adoptPinned;
    return this;
  }

  public Path getObjectFile() {
    return objectFile;
  }

  /** The BPF object to load; null = the one packaged in the jar. */
  public XdpAgentOptions setObjectFile(Path objectFile) {
    this.objectFile = objectFile;
    return this;
  }

  public Path getPinDir() {
    return pinDir;
  }

  public XdpAgentOptions setPinDir(Path pinDir) {
    this.pinDir = pinDir;
    return this;
  }

  public boolean isPinMaps() {
    return pinMaps;
  }

  /** Pin the loaded program and maps under {@link #getPinDir()} so scripts can reach them. */
  public XdpAgentOptions setPinMaps(boolean pinMaps) {
    this.pinMaps = pinMaps;
    return this;
  }

  public boolean isDetachOnClose() {
    return detachOnClose;
  }

  public XdpAgentOptions setDetachOnClose(boolean detachOnClose) {
    this.detachOnClose = detachOnClose;
    return this;
  }

  public Path getStateFile() {
    return stateFile;
  }

  /** Where lists and settings are persisted (JSON); restored on start. */
  public XdpAgentOptions setStateFile(Path stateFile) {
    this.stateFile = stateFile;
    return this;
  }

  public String getHttpHost() {
    return httpHost;
  }

  public XdpAgentOptions setHttpHost(String httpHost) {
    this.httpHost = httpHost;
    return this;
  }

  public int getHttpPort() {
    return httpPort;
  }

  /** HTTP API port; 0 = ephemeral (see {@link XdpAgent#httpPort()}). */
  public XdpAgentOptions setHttpPort(int httpPort) {
    this.httpPort = httpPort;
    return this;
  }

  public String getPikeEventHost() {
    return pikeEventHost;
  }

  public XdpAgentOptions setPikeEventHost(String pikeEventHost) {
    this.pikeEventHost = pikeEventHost;
    return this;
  }

  public int getPikeEventPort() {
    return pikeEventPort;
  }

  /** UDP port for OpenSIPS E_PIKE_BLOCKED datagrams; 0 = feed off. */
  public XdpAgentOptions setPikeEventPort(int pikeEventPort) {
    this.pikeEventPort = pikeEventPort;
    return this;
  }

  public int getPikeBlockSeconds() {
    return pikeBlockSeconds;
  }

  public XdpAgentOptions setPikeBlockSeconds(int pikeBlockSeconds) {
    this.pikeBlockSeconds = pikeBlockSeconds;
    return this;
  }

  public String getMiHost() {
    return miHost;
  }

  public XdpAgentOptions setMiHost(String miHost) {
    this.miHost = miHost;
    return this;
  }

  public int getMiPort() {
    return miPort;
  }

  /** OpenSIPS mi_datagram port used to (re)subscribe E_PIKE_BLOCKED; 0 = do not subscribe. */
  public XdpAgentOptions setMiPort(int miPort) {
    this.miPort = miPort;
    return this;
  }

  public long getSweepIntervalMs() {
    return sweepIntervalMs;
  }

  /** Period of the expiry sweep and of the stats sample used for rates. */
  public XdpAgentOptions setSweepIntervalMs(long sweepIntervalMs) {
    this.sweepIntervalMs = sweepIntervalMs;
    return this;
  }

  public int getImportLimitBytes() {
    return importLimitBytes;
  }

  /** Largest body of POST /blocklist/import and /allowlist/import (a bigger one gets 413). */
  public XdpAgentOptions setImportLimitBytes(int importLimitBytes) {
    if (importLimitBytes < 1024) {
      throw new IllegalArgumentException(
          "import limit must be at least 1024 bytes: " + importLimitBytes);
    }
    this.importLimitBytes = importLimitBytes;
    return this;
  }

  public List<String> getPikeSources() {
    return pikeSources;
  }

  /**
   * Addresses (literals) whose E_PIKE_BLOCKED datagrams are believed: the OpenSIPS hosts. Datagrams
   * from anywhere else are dropped and counted.
   */
  public XdpAgentOptions setPikeSources(List<String> pikeSources) {
    this.pikeSources = List.copyOf(pikeSources);
    return this;
  }

  public ApiToken getApiToken() {
    return apiToken;
  }

  /**
   * Bearer token of the HTTP API; null = the one in {@link #getApiTokenFile()}, made if missing.
   */
  public XdpAgentOptions setApiToken(ApiToken apiToken) {
    this.apiToken = apiToken;
    return this;
  }

  public Path getApiTokenFile() {
    return apiTokenFile;
  }

  /** Where the generated API token is kept (mode 0600) when none is set. */
  public XdpAgentOptions setApiTokenFile(Path apiTokenFile) {
    this.apiTokenFile = apiTokenFile;
    return this;
  }

  public List<String> getApiAllowedHosts() {
    return apiAllowedHosts;
  }

  /**
   * Host header names the HTTP API accepts besides localhost, 127.0.0.1, [::1] and {@link
   * #getHttpHost()}; any other gets 403 (DNS rebinding).
   */
  public XdpAgentOptions setApiAllowedHosts(List<String> apiAllowedHosts) {
    new ApiGuardOptions().setExtraHosts(apiAllowedHosts); // a bad name fails here, at start-up
    this.apiAllowedHosts = List.copyOf(apiAllowedHosts);
    return this;
  }

  public boolean isMetricsAuth() {
    return metricsAuth;
  }

  /** GET /metrics needs the token too. */
  public XdpAgentOptions setMetricsAuth(boolean metricsAuth) {
    this.metricsAuth = metricsAuth;
    return this;
  }

  public MeterRegistry getMeterRegistry() {
    return meterRegistry;
  }

  /** Registry for the agent's meters; null = a private Prometheus registry. */
  public XdpAgentOptions setMeterRegistry(MeterRegistry meterRegistry) {
    this.meterRegistry = meterRegistry;
    return this;
  }
}
