package org.oavc.connector.opensips;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import org.oavc.connector.config.OavcConfig;

/**
 * Options of an {@link EventSubscription}. Every interval is here so tests can shrink them; {@link
 * #fromConfig(OavcConfig, int, String)} fills them from the documented config file.
 */
public final class EventSubscriptionOptions {
  private String event = UaSessionEvent.EVENT_NAME;
  private String advertiseIp = "127.0.0.1";
  private int port = 8089;
  private int expireSeconds = 120;
  private Duration renewInterval = Duration.ofSeconds(20);
  private Duration uptimePollInterval = Duration.ofSeconds(5);
  private Duration initialBackoff = Duration.ofMillis(200);
  private Duration maxBackoff = Duration.ofSeconds(10);
  private String heartbeatSystem = "local";
  private String heartbeatKey = "oavc_connector_alive";
  private String heartbeatValue = "oavc";
  private int heartbeatExpireSeconds = 15;
  private Duration heartbeatInterval = Duration.ofSeconds(5);
  private Duration stopTimeout = Duration.ofSeconds(2);
  private MeterRegistry meterRegistry = new SimpleMeterRegistry();

  /**
   * EVENT_ADVERTISE_IP, EVENT_SUBSCRIBE_EXPIRE_S, EVENT_RENEW_INTERVAL_S, HEARTBEAT_* from the
   * config; {@code boundPort} is the event listener's real port, {@code nodeId} the heartbeat value
   * (which connector is alive).
   */
  public static EventSubscriptionOptions fromConfig(OavcConfig c, int boundPort, String nodeId) {
    return new EventSubscriptionOptions()
        .setAdvertiseIp(c.eventAdvertiseIp)
        .setPort(boundPort)
        .setExpireSeconds(c.eventSubscribeExpireS)
        .setRenewInterval(c.eventRenewInterval)
        .setUptimePollInterval(c.uptimePollInterval)
        .setHeartbeatKey(c.heartbeatKey)
        .setHeartbeatValue(nodeId)
        .setHeartbeatExpireSeconds(c.heartbeatExpireS)
        .setHeartbeatInterval(c.heartbeatInterval)
        .setStopTimeout(c.miTimeout.plusMillis(500));
  }

  /**
   * Refuses settings that would make the subscription useless, with the reason; {@link
   * EventSubscription#create} calls it.
   *
   * @throws IllegalArgumentException naming the bad setting
   */
  public EventSubscriptionOptions validate() {
    EventSubscriptionOptions o = this;
    if (o.getExpireSeconds() <= 0) {
      throw new IllegalArgumentException("expire must be positive: 0 unsubscribes");
    }
    if (o.getRenewInterval().toMillis() >= o.getExpireSeconds() * 1000L) {
      throw new IllegalArgumentException(
          "renew interval "
              + o.getRenewInterval()
              + " must be shorter than the expire of "
              + o.getExpireSeconds()
              + " s, or the"
              + " subscription lapses between renewals");
    }
    if (o.getInitialBackoff().toMillis() <= 0
        || o.getMaxBackoff().compareTo(o.getInitialBackoff()) < 0) {
      throw new IllegalArgumentException("backoff must be positive and max >= initial");
    }
    boolean heartbeat = o.getHeartbeatKey() != null && !o.getHeartbeatKey().isEmpty();
    if (heartbeat && (o.getHeartbeatValue() == null || o.getHeartbeatValue().isEmpty())) {
      throw new IllegalArgumentException(
          "heartbeat value must not be empty: OpenSIPS rejects" + " an empty cache_store value");
    }
    if (o.getAdvertiseIp().contains(":")) {
      throw new IllegalArgumentException(
          "advertise IP "
              + o.getAdvertiseIp()
              + " is IPv6: OpenSIPS 3.4 rejects IPv6 event subscribers");
    }
    return this;
  }

  /** {@code udp:<advertiseIp>:<port>}, the socket string event_subscribe takes. */
  public String subscriberSocket() {
    return "udp:" + advertiseIp + ":" + port;
  }

  public String getEvent() {
    return event;
  }

  public EventSubscriptionOptions setEvent(String event) {
    this.event = event;
    return this;
  }

  /** IPv4 only: OpenSIPS 3.4 rejects IPv6 subscriber sockets. */
  public String getAdvertiseIp() {
    return advertiseIp;
  }

  public EventSubscriptionOptions setAdvertiseIp(String advertiseIp) {
    this.advertiseIp = advertiseIp;
    return this;
  }

  public int getPort() {
    return port;
  }

  public EventSubscriptionOptions setPort(int port) {
    this.port = port;
    return this;
  }

  public int getExpireSeconds() {
    return expireSeconds;
  }

  public EventSubscriptionOptions setExpireSeconds(int expireSeconds) {
    this.expireSeconds = expireSeconds;
    return this;
  }

  public Duration getRenewInterval() {
    return renewInterval;
  }

  public EventSubscriptionOptions setRenewInterval(Duration renewInterval) {
    this.renewInterval = renewInterval;
    return this;
  }

  /** How often {@code uptime} is polled to detect a restart. */
  public Duration getUptimePollInterval() {
    return uptimePollInterval;
  }

  public EventSubscriptionOptions setUptimePollInterval(Duration uptimePollInterval) {
    this.uptimePollInterval = uptimePollInterval;
    return this;
  }

  /** First retry delay while OpenSIPS does not answer; doubles up to {@link #getMaxBackoff()}. */
  public Duration getInitialBackoff() {
    return initialBackoff;
  }

  public EventSubscriptionOptions setInitialBackoff(Duration initialBackoff) {
    this.initialBackoff = initialBackoff;
    return this;
  }

  public Duration getMaxBackoff() {
    return maxBackoff;
  }

  public EventSubscriptionOptions setMaxBackoff(Duration maxBackoff) {
    this.maxBackoff = maxBackoff;
    return this;
  }

  /** The cachedb system for the heartbeat, {@code local} (cachedb_local). */
  public String getHeartbeatSystem() {
    return heartbeatSystem;
  }

  public EventSubscriptionOptions setHeartbeatSystem(String heartbeatSystem) {
    this.heartbeatSystem = heartbeatSystem;
    return this;
  }

  /** Null or empty disables the heartbeat. */
  public String getHeartbeatKey() {
    return heartbeatKey;
  }

  public EventSubscriptionOptions setHeartbeatKey(String heartbeatKey) {
    this.heartbeatKey = heartbeatKey;
    return this;
  }

  /** Non-empty: OpenSIPS rejects an empty cache_store value. */
  public String getHeartbeatValue() {
    return heartbeatValue;
  }

  public EventSubscriptionOptions setHeartbeatValue(String heartbeatValue) {
    this.heartbeatValue = heartbeatValue;
    return this;
  }

  public int getHeartbeatExpireSeconds() {
    return heartbeatExpireSeconds;
  }

  public EventSubscriptionOptions setHeartbeatExpireSeconds(int heartbeatExpireSeconds) {
    this.heartbeatExpireSeconds = heartbeatExpireSeconds;
    return this;
  }

  public Duration getHeartbeatInterval() {
    return heartbeatInterval;
  }

  public EventSubscriptionOptions setHeartbeatInterval(Duration heartbeatInterval) {
    this.heartbeatInterval = heartbeatInterval;
    return this;
  }

  /** Upper bound of {@link EventSubscription#stop()}. */
  public Duration getStopTimeout() {
    return stopTimeout;
  }

  public EventSubscriptionOptions setStopTimeout(Duration stopTimeout) {
    this.stopTimeout = stopTimeout;
    return this;
  }

  public MeterRegistry getMeterRegistry() {
    return meterRegistry;
  }

  public EventSubscriptionOptions setMeterRegistry(MeterRegistry meterRegistry) {
    this.meterRegistry = meterRegistry;
    return this;
  }
}
