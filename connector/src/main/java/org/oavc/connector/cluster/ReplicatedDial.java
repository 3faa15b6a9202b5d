package org.oavc.connector.cluster;

import java.io.Serializable;

/**
 * What the request that placed a call (POST /calls) asked for beyond the call itself, kept with its
 * {@link ReplicatedCall} so a node carrying the call on keeps to it.
 *
 * @param agentSettings the request's agent fields (flavor, instructions, greeting, voice, language)
 *     as JSON text; null when it gave none
 * @param reportUrl where the call's report goes instead of REPORT_WEBHOOK_URL; null for that
 * @param record the request's "record"; null: the settings decide
 * @param hangUpAtMillis wall-clock time its "max_duration_s" ends the call; 0 for no limit
 */
public record ReplicatedDial(
    String agentSettings, String reportUrl, Boolean record, long hangUpAtMillis)
    implements Serializable {}
