package org.oavc.connector.cluster;

import java.io.Serializable;

/**
 * One thing said in a call, as the cluster keeps it for a survivor to prime a new AI session with.
 *
 * @param speaker "caller" or "agent"
 * @param interrupted the caller talked over it
 */
public record ReplicatedTurn(long atMillis, String speaker, String text, boolean interrupted)
    implements Serializable {}
