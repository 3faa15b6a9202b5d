package org.oavc.connector.ai;

/**
 * A turn of the conversation before this session started: a call taken over from a dead cluster
 * node carries on what was said there.
 */
public record EarlierTurn(Speaker speaker, String text) {}
