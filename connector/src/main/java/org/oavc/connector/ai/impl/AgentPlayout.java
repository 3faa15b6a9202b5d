package org.oavc.connector.ai.impl;

import org.oavc.connector.media.MediaSession;

/**
 * The agent's audio timeline on one call: what was handed to the media session, what is still
 * queued there, and so what the caller has heard. The media session's own queue length is the
 * truth; a wall-clock estimate of the paced send (real time, one frame per packet time) covers
 * media sessions that do not report it, so hang-up-after-goodbye and barge-in still work.
 */
final class AgentPlayout {
  private final int sampleRate;
  private final int maxMillis;
  private MediaSession media;
  private long samplesQueued;
  private long droppedMillis;
  private long estimatedEndNanos;

  /** {@link System#nanoTime()} when playout was paused; -1 while it runs. */
  private long pausedAtNanos = -1;

  /** {@code maxMillis}: the most audio queued and not yet sent (AI_PLAYOUT_MAX_S). */
  AgentPlayout(int sampleRate, int maxMillis) {
    this.sampleRate = sampleRate;
    this.maxMillis = maxMillis;
  }

  void attach(MediaSession m) {
    this.media = m;
  }

  /**
   * Queues {@code pcm} after what is queued; false when that would hold more than the bound (a back
   * end sending faster than real time): the chunk is dropped, the caller hears the bound's worth.
   */
  boolean play(short[] pcm) {
    if (media == null || pcm.length == 0) {
      return true;
    }
    if (remainingMillis() + pcm.length * 1000L / sampleRate > maxMillis) {
      return false;
    }
    media.play(pcm, sampleRate);
    samplesQueued += pcm.length;
    long now = now();
    estimatedEndNanos = Math.max(estimatedEndNanos, now) + pcm.length * 1_000_000_000L / sampleRate;
    return true;
  }

  long queuedMillis() {
    return samplesQueued * 1000 / sampleRate - droppedMillis;
  }

  /** Queued and not yet sent. */
  long remainingMillis() {
    long wall = Math.max(0, (estimatedEndNanos - now()) / 1_000_000);
    long reported = media == null ? 0 : media.queuedMillis();
    return Math.min(queuedMillis(), Math.max(reported, wall));
  }

  long playedMillis() {
    return queuedMillis() - remainingMillis();
  }

  boolean playing() {
    return remainingMillis() > 0;
  }

  /** Drops what is queued; returns how many ms were dropped. */
  long flush() {
    long dropped = remainingMillis();
    if (media != null) {
      media.flush();
    }
    droppedMillis += dropped;
    estimatedEndNanos = now();
    return dropped;
  }

  /**
   * Holds what is queued (the media sends silence): nothing counts as played until {@link #resume},
   * so a barge-in confirmed meanwhile reports only what was really heard.
   */
  void pause() {
    if (pausedAtNanos < 0 && media != null) {
      media.pause();
      pausedAtNanos = System.nanoTime();
    }
  }

  /** Plays the held audio on from where it paused. */
  void resume() {
    if (pausedAtNanos < 0) {
      return;
    }
    media.resume();
    long now = System.nanoTime();
    if (estimatedEndNanos > pausedAtNanos) {
      estimatedEndNanos += now - pausedAtNanos; // the paced send stood still meanwhile
    }
    pausedAtNanos = -1;
  }

  boolean paused() {
    return pausedAtNanos >= 0;
  }

  /** The wall clock of the send estimate: it stands still while paused. */
  private long now() {
    return pausedAtNanos >= 0 ? pausedAtNanos : System.nanoTime();
  }
}
