package org.oavc.connector.ai.realtime.impl;

/**
 * The assistant audio item being played: where it starts in the call's playout timeline (the mark),
 * how much audio arrived, whether it was truncated, and its transcript. The transcript turn is
 * recorded once the item is over (interrupted or superseded), so a barge-in after the text arrived
 * still marks it interrupted.
 */
final class AgentItem {
  final String id;
  final long markMillis;
  private long receivedSamples;
  private final int sampleRate;
  private boolean truncated;
  private boolean finished;
  private String transcript;
  private boolean recorded;

  AgentItem(String id, long markMillis, int sampleRate) {
    this.id = id;
    this.markMillis = markMillis;
    this.sampleRate = sampleRate;
  }

  void received(int samples) {
    receivedSamples += samples;
  }

  long receivedMillis() {
    return receivedSamples * 1000 / sampleRate;
  }

  /** How much of this item the caller heard, given the call's played position. */
  long heardMillis(long playedMillis) {
    return Math.max(0, Math.min(receivedMillis(), playedMillis - markMillis));
  }

  boolean truncated() {
    return truncated;
  }

  void markTruncated() {
    truncated = true;
  }

  void transcript(String text) {
    if (transcript == null && text != null) {
      transcript = text;
    }
  }

  /** The item is over; its transcript may be recorded now (or as soon as it arrives). */
  void finish() {
    finished = true;
  }

  /** The transcript to record now, once; null when not yet known or already recorded. */
  String takeRecordable() {
    if (!finished || recorded || transcript == null) {
      return null;
    }
    recorded = true;
    return transcript;
  }
}
