package org.oavc.connector.cluster;

import java.io.Serializable;

/** The call {@code key} is carried on by node {@code to} now, no longer by {@code from}. */
public record CallMove(String key, String from, String to) implements Serializable {}
