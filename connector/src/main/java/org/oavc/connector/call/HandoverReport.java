package org.oavc.connector.call;

/** What a drain did: calls moved to other nodes, and calls still on this node when it ended. */
public record HandoverReport(int moved, int left) {}
