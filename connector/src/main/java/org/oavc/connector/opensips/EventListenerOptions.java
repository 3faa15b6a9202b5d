package org.oavc.connector.opensips;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** Options of an {@link EventListener}. */
public final class EventListenerOptions {
  /**
   * Socket receive buffer; also the per-read buffer,
   * so never below {@link #MIN_RECEIVE_BUFFER_SIZE}.
   */
  public static final int DEFAULT_RECEIVE_BUFFER_SIZE = 256 * 1024;

  /** A whole IPv4 UDP payload (65507 bytes) must fit in one read, or it is cut silently. */
  public static final int MIN_RECEIVE_BUFFER_SIZE = 65536;

  private String host = "0.0.0.0";
  private int port = 8089;
  private int receiveBufferSize = DEFAULT_RECEIVE_BUFFER_SIZE;
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

  public int getReceiveBufferSize() {
    return receiveBufferSize;
  }

  /** Values below {@link #MIN_RECEIVE_BUFFER_SIZE} are raised to it. */
  public EventListenerOptions setReceiveBufferSize(int receiveBufferSize) {
    this.receiveBufferSize = Math.max(MIN_RECEIVE_BUFFER_SIZE, receiveBufferSize);
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
