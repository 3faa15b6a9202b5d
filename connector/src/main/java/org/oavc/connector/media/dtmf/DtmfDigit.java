package org.oavc.connector.media.dtmf;

/**
 * A key press received as RFC 4733 events.
 *
 * @param digit the DTMF character, or 0 for a non-DTMF event code
 * @param event the event code
 * @param timestamp RTP timestamp identifying the event (its start)
 * @param durationTimestamps duration in RTP timestamp units
 * @param durationMillis the same in milliseconds
 * @param volume power level in -dBm0
 * @param endSeen false when the end packets were all lost and the digit was completed otherwise
 */
public record DtmfDigit(
    char digit,
    int event,
    int timestamp,
    int durationTimestamps,
    int durationMillis,
    int volume,
    boolean endSeen) {}
