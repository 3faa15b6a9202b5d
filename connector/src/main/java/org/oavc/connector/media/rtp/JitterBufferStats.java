package org.oavc.connector.media.rtp;

/**
 * Snapshot of a {@link JitterBuffer}'s counters.
 *
 * @param received packets accepted into the buffer
 * @param played frames played from a real packet
 * @param lost frames concealed because their packet never came in time
 * @param late packets dropped because their frame had already been played or concealed
 * @param duplicates packets dropped as copies of one already received
 * @param reordered accepted packets that arrived after a higher sequence number
 * @param dropped packets discarded to cut excess delay or on overflow, or refused as oversized
 * @param underruns polls that found the buffer empty while playing
 * @param resyncs restarts after a sequence jump (a new stream)
 * @param jitterTimestampUnits interarrival jitter, RFC 3550 A.8, in RTP timestamp units
 * @param jitterMillis the same in milliseconds
 * @param targetDelayMillis current playout delay target
 * @param bufferedFrames frames between the play position and the newest packet
 */
public record JitterBufferStats(
    long received,
    long played,
    long lost,
    long late,
    long duplicates,
    long reordered,
    long dropped,
    long underruns,
    long resyncs,
    double jitterTimestampUnits,
    double jitterMillis,
    int targetDelayMillis,
    int bufferedFrames) {}
