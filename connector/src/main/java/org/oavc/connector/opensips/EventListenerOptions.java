package org.oavc.connector.opensips;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Options of an {@link EventListener}. */
public final class EventListenerOptions {
  private String host = "0.0.0.0";
  private int port = 8089;
  private MeterRegistry meterRegistry = new SimpleMeterRegistry();

  public String getHost() {
    return host;
  }

  public EventListenerOptions setHost(String host) {
    this.host = host;
    return this;
  }

  public int getPort() {
    return port;
  }

  public EventListenerOptions setPort(int port) {
    this.port = port;
    return this;
  }

  public MeterRegistry getMeterRegistry() {
    return meterRegistry;
  }

  public EventListenerOptions setMeterRegistry(MeterRegistry meterRegistry) {
    this.meterRegistry = meterRegistry;
    return this;
  }
}
