package org.oavc.connector.opensips;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/** Options of a {@link MiClient}, fluent setters in the Vert.x style. */
public final class MiClientOptions {
  /** mi_datagram parses at most this many bytes; larger requests are failed locally. */
  public static final int MAX_REQUEST_BYTES = 65457;

  private String host = "127.0.0.1";
  private int port = 8088;
  private Duration timeout = Duration.ofSeconds(1);
  private int retries = 2;
  private MeterRegistry meterRegistry = new SimpleMeterRegistry();

  public String getHost() {
    return host;
  }

  public MiClientOptions setHost(String host) {
    this.host = host;
    return this;
  }

  public int getPort() {
    return port;
  }

  public MiClientOptions setPort(int port) {
    this.port = port;
    return this;
  }

  public Duration getTimeout() {
    return timeout;
  }

  public MiClientOptions setTimeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** Extra attempts after a timeout, for idempotent commands only. */
  public int getRetries() {
    return retries;
  }

  public MiClientOptions setRetries(int retries) {
    this.retries = retries;
    return this;
  }

  public MeterRegistry getMeterRegistry() {
    return meterRegistry;
  }

  public MiClientOptions setMeterRegistry(MeterRegistry meterRegistry) {
    this.meterRegistry = meterRegistry;
    return this;
  }
}
