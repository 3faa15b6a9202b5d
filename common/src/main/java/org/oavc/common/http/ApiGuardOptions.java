package org.oavc.common.http;

import java.net.InetAddress;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.oavc.common.net.IpLiteral;
import org.oavc.common.settings.ConfigException;

/**
 * Options of an {@link ApiGuard}: the token of one HTTP API, the Host names it answers to and what
 * stays open. Each API fills them from its own settings.
 */
public class ApiGuardOptions {
  /** Host names that always reach a local API: a rebinding page never carries one of them. */
  private static final List<String> LOOPBACK_NAMES = List.of("localhost", "127.0.0.1", "::1");

  private static final Pattern HOST_NAME = Pattern.compile("[a-z0-9]([a-z0-9.-]*[a-z0-9])?");

  private ApiToken token;
  private Path tokenFile;
  private String tokenSetting = "the API token setting";
  private String boundHost = "127.0.0.1";
  private List<String> extraHosts = List.of();
  private boolean metricsAuth;
  private List<String> openPaths = List.of();
  private String realm = "oavc";
  private String refusalsMetric = "oavc_api_requests_refused_total";

  public ApiToken getToken() {
    return token;
  }

  /** The token set by the operator; null: the one in {@link #getTokenFile()}, made if missing. */
  public ApiGuardOptions setToken(ApiToken token) {
    this.token = token;
    return this;
  }

  public Path getTokenFile() {
    return tokenFile;
  }

  /** Where the generated token is kept (mode 0600) when none is set. */
  public ApiGuardOptions setTokenFile(Path tokenFile) {
    this.tokenFile = tokenFile;
    return this;
  }

  public String getTokenSetting() {
    return tokenSetting;
  }

  /** The setting's name, for messages that tell the operator how to set the token instead. */
  public ApiGuardOptions setTokenSetting(String tokenSetting) {
    this.tokenSetting = tokenSetting;
    return this;
  }

  public String getBoundHost() {
    return boundHost;
  }

  /** The address the API listens on: a Host naming it is accepted (unless it is a wildcard). */
  public ApiGuardOptions setBoundHost(String boundHost) {
    this.boundHost = boundHost.trim();
    return this;
  }

  public List<String> getExtraHosts() {
    return extraHosts;
  }

  /**
   * Host names accepted besides localhost, 127.0.0.1, [::1] and the bound address (the setting
   * API_ALLOWED_HOSTS): names or IP literals, without port or scheme.
   */
  public ApiGuardOptions setExtraHosts(List<String> extraHosts) {
    for (String h : extraHosts) {
      String n = normalizeHost(h);
      if (IpLiteral.parse(h).isEmpty() && !HOST_NAME.matcher(n).matches()) {
        throw new ConfigException(
            "setting API_ALLOWED_HOSTS: "
                + h
                + " is not a host name or IP address (give names without port or scheme)");
      }
    }
    this.extraHosts = List.copyOf(extraHosts);
    return this;
  }

  public boolean isMetricsAuth() {
    return metricsAuth;
  }

  /** GET /metrics needs the token too (GET /ready never does). */
  public ApiGuardOptions setMetricsAuth(boolean metricsAuth) {
    this.metricsAuth = metricsAuth;
    return this;
  }

  public List<String> getOpenPaths() {
    return openPaths;
  }

  /**
   * Paths a GET needs no token for, each with everything under it (e.g. /phone and /phone/...):
   * pages meant for people who hold no API token. The Host check still applies.
   */
  public ApiGuardOptions setOpenPaths(List<String> openPaths) {
    for (String p : openPaths) {
      if (!p.startsWith("/") || p.endsWith("/") || p.contains("..")) {
        throw new IllegalArgumentException("open path must be /name without a trailing /: " + p);
      }
    }
    this.openPaths = List.copyOf(openPaths);
    return this;
  }

  public String getRealm() {
    return realm;
  }

  /** The realm named in WWW-Authenticate, e.g. oavc-management. */
  public ApiGuardOptions setRealm(String realm) {
    this.realm = realm;
    return this;
  }

  public String getRefusalsMetric() {
    return refusalsMetric;
  }

  /** Name of the counter of refused requests, tagged reason=token|host|body. */
  public ApiGuardOptions setRefusalsMetric(String refusalsMetric) {
    this.refusalsMetric = refusalsMetric;
    return this;
  }

  /** Every accepted Host name, normalized as {@link #normalizeHost} does. */
  public Set<String> allowedHosts() {
    Set<String> out = new LinkedHashSet<>();
    LOOPBACK_NAMES.forEach(h -> out.add(normalizeHost(h)));
    IpLiteral.parse(boundHost)
        .filter(a -> !a.isAnyLocalAddress())
        .ifPresent(a -> out.add(a.getHostAddress()));
    if (IpLiteral.parse(boundHost).isEmpty() && !boundHost.isEmpty()) {
      out.add(normalizeHost(boundHost)); // bound by name, e.g. localhost
    }
    extraHosts.forEach(h -> out.add(normalizeHost(h)));
    return out;
  }

  /**
   * One spelling per host: lower case, no trailing dot, IP literals (brackets or not) in Java's
   * canonical form, so that [::1] and 0:0:0:0:0:0:0:1 are one name.
   */
  public static String normalizeHost(String host) {
    String h = host.trim().toLowerCase(Locale.ROOT);
    if (h.endsWith(".")) {
      h = h.substring(0, h.length() - 1);
    }
    return IpLiteral.parse(h).map(InetAddress::getHostAddress).orElse(h);
  }
}
