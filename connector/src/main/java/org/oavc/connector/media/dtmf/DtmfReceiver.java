package org.oavc.connector.media.dtmf;

import java.util.Objects;
import java.util.function.Consumer;

/**
 * Turns a stream of telephone-event RTP packets into digits. An event is identified by its RTP
 * timestamp (RFC 4733 section 2.5.2): updates extend it, the first end packet completes it and the
 * retransmitted end packets (normally three) are ignored. If all end packets are lost, the event is
 * completed when the next event starts or on {@link #flush()}.
 */
public final class DtmfReceiver {
  private final int clockRate;
  private final Consumer<DtmfDigit> onDigit;
  private boolean active;
  private int activeTimestamp;
  private TelephoneEvent activeEvent;
  private boolean haveCompleted;
  private int completedTimestamp;
  private long malformed;

  public DtmfReceiver(int clockRate, Consumer<DtmfDigit> onDigit) {
    if (clockRate <= 0) {
      throw new IllegalArgumentException("clock rate must be positive");
    }
    this.clockRate = clockRate;
    this.onDigit = Objects.requireNonNull(onDigit, "onDigit");
  }

  /**
   * Feeds one telephone-event packet (already matched on payload type). Malformed payloads are
   * counted and ignored.
   */
  public void onPacket(int timestamp, byte[] payload, int off, int len) {
    TelephoneEvent event;
    try {
      event = TelephoneEvent.parse(payload, off, len);
    } catch (MalformedDtmfException e) {
      malformed++;
      return;
    }
    if (haveCompleted && timestamp == completedTimestamp) {
      return; // a retransmitted end packet, or a straggling update of a finished event
    }
    if (active && timestamp != activeTimestamp) {
      complete(false); // a new event began: the old one's end packets were lost
    }
    active = true;
    activeTimestamp = timestamp;
    if (activeEvent == null || event.duration() >= activeEvent.duration() || event.end()) {
      activeEvent = event;
    }
    if (event.end()) {
      complete(true);
    }
  }

  /** Completes an event whose end never arrived (e.g. when media stops). */
  public void flush() {
    if (active) {
      complete(false);
    }
  }

  private void complete(boolean endSeen) {
    TelephoneEvent e = activeEvent;
    active = false;
    activeEvent = null;
    haveCompleted = true;
    completedTimestamp = activeTimestamp;
    int millis = (int) ((long) e.duration() * 1000 / clockRate);
    onDigit.accept(
        new DtmfDigit(
            TelephoneEvent.digitOf(e.event()),
            e.event(),
            activeTimestamp,
            e.duration(),
            millis,
            e.volume(),
            endSeen));
  }

  public long malformed() {
    return malformed;
  }
}
