package org.oavc.connector.config;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.oavc.common.http.ApiGuardOptions;
import org.oavc.common.http.ApiToken;
import org.oavc.common.net.IpLiteral;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;
import org.oavc.connector.phone.PhoneOptions;

/**
 * The connector's typed configuration, read once from {@link Settings}. Every key is documented in
 * {@code config/oavc.env}; this class only validates and converts.
 */
public final class OavcConfig {
  public final String miIp;
  public final int miPort;
  public final Duration miTimeout;
  public final int miRetries;

  public final String eventIp;
  public final int eventPort;

  /** EVENT_SOURCES, or MI_IP alone when unset: who may send us events. */
  public final java.util.List<org.oavc.common.net.Cidr> eventSources;

  public final String eventAdvertiseIp;
  public final int eventSubscribeExpireS;
  public final Duration eventRenewInterval;
  public final Duration uptimePollInterval;
  public final String heartbeatKey;
  public final int heartbeatExpireS;
  public final Duration heartbeatInterval;

  public final String osSipIp;
  public final int osSipPort;

  public final Duration reconcileInterval;
  public final Duration callSetupTimeout;
  public final Duration ring;
  public final int retryAfterS;
  public final Duration shutdownGrace;

  /** SIGNALLING_WARMUP_CALLS: rehearsal calls through the signalling path at start (0: none). */
  public final int signallingWarmupCalls;

  public final int rtpMinPort;
  public final int rtpMaxPort;
  public final String rtpBindIp;
  public final String rtpIp;
  public final Duration rtpTimeout;
  public final Duration rtpHoldTimeout;

  /** RTP_NAT_LATCH_WINDOW_MS: how long after the answer media may latch to a non-SDP source. */
  public final int rtpNatLatchWindowMillis;

  /** RTP_RELATCH_SILENCE_MS: the latched source's silence before another may take its place. */
  public final int rtpRelatchSilenceMillis;

  public final boolean nativeTransport;

  /**
   * RTP_PACING=grouped (default): sessions of one event loop paced as a group; session: one by one.
   */
  public final boolean groupedPacing;

  /** SDP_CODECS: our codec preferences, canonical names, best first. */
  public final java.util.List<String> sdpCodecs;

  /** AI_SERVICES_EMBEDDED: the local AI services run in the daemon (AiServicesOptions: where). */
  public final boolean aiServicesEmbedded;

  public final String httpIp;
  public final int httpPort;

  /** STATE_DIR: what must outlive the process (call journal, generated tokens). */
  public final Path stateDir;

  /**
   * Who may call the management API: MANAGEMENT_TOKEN (else STATE_DIR/management.token),
   * API_ALLOWED_HOSTS, METRICS_AUTH.
   */
  public final ApiGuardOptions managementAccess;

  /** The browser phone (GET /phone): whether it is served, where it connects, whom it calls. */
  public final PhoneOptions phone;

  /** CLUSTER_*, NODE_ID: the cluster this connector is a member of (alone by default). */
  public final org.oavc.connector.cluster.ClusterOptions cluster;

  /** REPORT_*: the end-of-call reports' file and webhook. */
  public final org.oavc.connector.report.ReportOptions reports;

  /** RECORD_* and RECORDING_*: which calls are recorded, where, and for how long. */
  public final org.oavc.connector.recording.RecordingOptions recordings;

  /** RTPENGINE_*: the rtpengine instances WebRTC callers are bridged through (none by default). */
  public final org.oavc.connector.media.rtpengine.RtpEngineOptions rtpEngine;

  private final Settings settings;

  public OavcConfig(Settings s) {
    this.settings = s;
    miIp = s.string("MI_IP");
    miPort = s.port("MI_PORT");
    miTimeout = Duration.ofMillis(s.integer("MI_TIMEOUT_MS", 1, 600_000));
    miRetries = s.integer("MI_RETRIES", 0, 10);

    eventIp = s.string("EVENT_IP");
    eventPort = s.port("EVENT_PORT");
    eventSources = eventSources(s.list("EVENT_SOURCES"), miIp);
    eventAdvertiseIp = requireIpv4("EVENT_ADVERTISE_IP", s.string("EVENT_ADVERTISE_IP"));
    eventSubscribeExpireS = s.integer("EVENT_SUBSCRIBE_EXPIRE_S", 10, 86_400);
    eventRenewInterval = Duration.ofSeconds(s.integer("EVENT_RENEW_INTERVAL_S", 1, 86_400));
    if (eventRenewInterval.toSeconds() >= eventSubscribeExpireS) {
      throw new ConfigException(
          "EVENT_RENEW_INTERVAL_S must be shorter than EVENT_SUBSCRIBE_EXPIRE_S, or the"
              + " subscription lapses between renewals");
    }
    uptimePollInterval = Duration.ofMillis(s.integer("OPENSIPS_UPTIME_POLL_MS", 100, 3_600_000));
    heartbeatKey = s.string("HEARTBEAT_KEY");
    heartbeatExpireS = s.integer("HEARTBEAT_EXPIRE_S", 1, 3600);
    heartbeatInterval = Duration.ofSeconds(s.integer("HEARTBEAT_INTERVAL_S", 1, 3600));
    if (heartbeatInterval.toSeconds() >= heartbeatExpireS) {
      throw new ConfigException("HEARTBEAT_INTERVAL_S must be shorter than HEARTBEAT_EXPIRE_S");
    }

    osSipIp = s.string("OS_SIP_IP");
    osSipPort = s.port("OS_SIP_PORT");

    reconcileInterval = Duration.ofSeconds(s.integer("RECONCILE_INTERVAL_S", 1, 3600));
    callSetupTimeout = Duration.ofMillis(s.integer("CALL_SETUP_TIMEOUT_MS", 100, 60_000));
    ring = Duration.ofMillis(s.integer("RING_MS", 0, 60_000));
    retryAfterS = s.integer("RETRY_AFTER_S", 0, 86_400);
    shutdownGrace = Duration.ofSeconds(s.integer("SHUTDOWN_GRACE_S", 0, 3600));
    signallingWarmupCalls = s.integer("SIGNALLING_WARMUP_CALLS", 0, 100_000);

    rtpMinPort = s.integer("RTP_MIN_PORT", 1024, 65535);
    rtpMaxPort = s.integer("RTP_MAX_PORT", 1024, 65535);
    if (rtpMaxPort < rtpMinPort) {
      throw new ConfigException(
          "RTP_MAX_PORT=" + rtpMaxPort + " is below RTP_MIN_PORT=" + rtpMinPort);
    }
    rtpBindIp = s.string("RTP_BIND_IP");
    rtpIp = s.string("RTP_IP").trim();
    if (rtpIp.isEmpty() && isWildcard(rtpBindIp)) {
      throw new ConfigException(
          "RTP_IP is unset and RTP_BIND_IP="
              + rtpBindIp
              + " is a wildcard: set RTP_IP to the"
              + " address callers reach us on, or every SDP answer would carry a useless address");
    }
    rtpTimeout = Duration.ofSeconds(s.integer("RTP_TIMEOUT_S", 0, 86_400));
    rtpHoldTimeout = Duration.ofSeconds(s.integer("RTP_HOLD_TIMEOUT_S", 0, 86_400));
    rtpNatLatchWindowMillis = s.integer("RTP_NAT_LATCH_WINDOW_MS", 0, 60_000);
    rtpRelatchSilenceMillis = s.integer("RTP_RELATCH_SILENCE_MS", 20, 60_000);
    nativeTransport = s.bool("NATIVE_TRANSPORT");
    groupedPacing = s.choice("RTP_PACING", "grouped", "session").equals("grouped");
    java.util.List<String> codecs = s.list("SDP_CODECS");
    try {
      sdpCodecs = org.oavc.connector.sdp.SdpAnswerer.codecPreferences(codecs);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "setting SDP_CODECS=" + String.join(",", codecs) + ": " + e.getMessage());
    }

    rtpEngine = org.oavc.connector.media.rtpengine.RtpEngineOptions.fromSettings(s);

    aiServicesEmbedded = s.bool("AI_SERVICES_EMBEDDED");

    httpIp = s.string("HTTP_IP");
    httpPort = s.port("HTTP_PORT");
    String state = s.string("STATE_DIR").trim();
    if (state.isEmpty()) {
      throw new ConfigException(
          "STATE_DIR is empty: give the directory for the call journal and tokens");
    }
    stateDir = Path.of(state);
    phone = PhoneOptions.fromSettings(s);
    managementAccess =
        new ApiGuardOptions()
            .setToken(
                s.optional("MANAGEMENT_TOKEN")
                    .map(t -> ApiToken.of(t, "MANAGEMENT_TOKEN"))
                    .orElse(null))
            .setTokenFile(stateDir.resolve("management.token"))
            .setTokenSetting("MANAGEMENT_TOKEN")
            .setBoundHost(httpIp)
            .setExtraHosts(s.list("API_ALLOWED_HOSTS"))
            .setMetricsAuth(s.bool("METRICS_AUTH"))
            .setOpenPaths(phone.enabled() ? List.of("/phone") : List.of())
            .setRealm("oavc-management")
            .setRefusalsMetric("oavc_management_requests_refused_total");
    cluster = org.oavc.connector.cluster.ClusterOptions.fromSettings(s);
    reports = org.oavc.connector.report.ReportOptions.fromSettings(s, stateDir);
    recordings = org.oavc.connector.recording.RecordingOptions.fromSettings(s, stateDir);
  }

  /** The shipped defaults overridden by {@code file} (else CONFIG_FILE) and the environment. */
  public static OavcConfig load(Path file, Map<String, String> env) {
    return new OavcConfig(Settings.forProcess(file, env));
  }

  /** Defaults with overrides, no environment: for tests and embedding. */
  public static OavcConfig defaultsWith(Map<String, String> overrides) {
    return new OavcConfig(Settings.defaultsWith(overrides));
  }

  /** Every raw setting, including optional ones other components read (AI flavors...). */
  public Settings settings() {
    return settings;
  }

  private static java.util.List<org.oavc.common.net.Cidr> eventSources(
      java.util.List<String> listed, String miIp) {
    if (listed.isEmpty()) {
      if (IpLiteral.parse(miIp).isEmpty()) {
        throw new ConfigException(
            "EVENT_SOURCES is unset and MI_IP="
                + miIp
                + " is not an IP address:"
                + " list the addresses OpenSIPS sends events from in EVENT_SOURCES");
      }
      return java.util.List.of(org.oavc.common.net.Cidr.parse(miIp));
    }
    java.util.List<org.oavc.common.net.Cidr> sources = new java.util.ArrayList<>();
    for (String entry : listed) {
      try {
        sources.add(org.oavc.common.net.Cidr.parseNetwork(entry));
      } catch (IllegalArgumentException e) {
        throw new ConfigException("setting EVENT_SOURCES: " + e.getMessage());
      }
    }
    return java.util.List.copyOf(sources);
  }

  private static boolean isWildcard(String ip) {
    return ip.equals("0.0.0.0") || ip.equals("::") || ip.equals("[::]");
  }

  private static String requireIpv4(String key, String value) {
    InetAddress a =
        IpLiteral.parse(value)
            .orElseThrow(
                () -> new ConfigException(key + "=" + value + " is not an IP address literal"));
    if (!(a instanceof Inet4Address)) {
      throw new ConfigException(
          key + "=" + value + " is not IPv4: OpenSIPS 3.4 rejects IPv6 event subscribers");
    }
    return value.trim();
  }
}
