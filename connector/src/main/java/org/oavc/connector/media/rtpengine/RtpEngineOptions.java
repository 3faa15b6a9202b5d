package org.oavc.connector.media.rtpengine;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;

/** Options of an {@link RtpEngineClient}: the ng instances, in order of preference, and timing. */
public final class RtpEngineOptions {
  private List<InetSocketAddress> instances = List.of();
  private Duration timeout = Duration.ofMillis(500);
  private int retries = 2;
  private MeterRegistry meterRegistry = new SimpleMeterRegistry();

  /**
   * Reads RTPENGINE_NG (host:port list; names are resolved here, once, at start-up),
   * RTPENGINE_TIMEOUT_MS and RTPENGINE_RETRIES.
   */
  public static RtpEngineOptions fromSettings(Settings s) {
    RtpEngineOptions o = new RtpEngineOptions();
    List<InetSocketAddress> list = new ArrayList<>();
    for (String item : s.list("RTPENGINE_NG")) {
      list.add(parse(item));
    }
    o.instances = List.copyOf(list);
    o.timeout = Duration.ofMillis(s.integer("RTPENGINE_TIMEOUT_MS", 10, 10_000));
    o.retries = s.integer("RTPENGINE_RETRIES", 0, 10);
    return o;
  }

  static InetSocketAddress parse(String item) {
    int colon = item.lastIndexOf(':');
    if (colon <= 0 || colon == item.length() - 1) {
      throw new ConfigException("setting RTPENGINE_NG: " + item + " is not host:port");
    }
    int port;
    try {
      port = Integer.parseInt(item.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new ConfigException("setting RTPENGINE_NG: " + item + " has a port that is no number");
    }
    if (port < 1 || port > 65535) {
      throw new ConfigException("setting RTPENGINE_NG: " + item + " has a port out of 1-65535");
    }
    String host = item.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      return new InetSocketAddress(InetAddress.getByName(host), port);
    } catch (UnknownHostException e) {
      throw new ConfigException("setting RTPENGINE_NG: host " + host + " does not resolve");
    }
  }

  /** True when at least one instance is configured: WebRTC callers can be bridged. */
  public boolean configured() {
    return !instances.isEmpty();
  }

  public List<InetSocketAddress> getInstances() {
    return instances;
  }

  /** The ng sockets (resolved addresses), tried in this order. */
  public RtpEngineOptions setInstances(List<InetSocketAddress> instances) {
    this.instances = List.copyOf(instances);
    return this;
  }

  /** Convenience for "host:port" strings. */
  public RtpEngineOptions setInstanceAddresses(List<String> hostPorts) {
    List<InetSocketAddress> list = new ArrayList<>();
    for (String hp : hostPorts) {
      list.add(parse(hp));
    }
    this.instances = List.copyOf(list);
    return this;
  }

  public Duration getTimeout() {
    return timeout;
  }

  /** How long one attempt waits for its reply before it is sent again. */
  public RtpEngineOptions setTimeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  public int getRetries() {
    return retries;
  }

  /** Retransmissions to one instance before the next is tried. */
  public RtpEngineOptions setRetries(int retries) {
    this.retries = retries;
    return this;
  }

  public MeterRegistry getMeterRegistry() {
    return meterRegistry;
  }

  public RtpEngineOptions setMeterRegistry(MeterRegistry meterRegistry) {
    this.meterRegistry = meterRegistry;
    return this;
  }
}
