package org.oavc.connector.ai;

/** Makes the sessions of one flavor; one instance per flavor per daemon, shared by calls. */
public interface AiSessionFactory {

  /** The flavor name used in the config (realtime, pipeline, echo). */
  String flavor();

  /** A new, unconnected session for this call; {@link AiSession#start} connects it. */
  AiSession create(AiCallInfo info, AgentProfile profile);

  /** Releases what the factory shares between calls (HTTP client pools); idempotent. */
  default void close() {}
}
