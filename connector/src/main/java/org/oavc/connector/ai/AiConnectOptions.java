package org.oavc.connector.ai;

import org.oavc.common.settings.Settings;

/**
 * How the connector connects to any AI back end, realtime or pipeline, and how the call start waits
 * for it: the one reader of AI_CONNECT_TIMEOUT_MS and AI_RECONNECT_BACKOFF_MS.
 *
 * @param connectTimeoutMillis bound of a TCP connect plus handshake, and of a call's wait for its
 *     AI session before the failure action
 * @param reconnectBackoffMillis wait before the single reconnect after a socket dropped mid-call
 */
public record AiConnectOptions(int connectTimeoutMillis, int reconnectBackoffMillis) {
  public static AiConnectOptions fromSettings(Settings s) {
    return new AiConnectOptions(
        s.integer("AI_CONNECT_TIMEOUT_MS", 100, 60_000),
        s.integer("AI_RECONNECT_BACKOFF_MS", 0, 600_000));
  }
}
