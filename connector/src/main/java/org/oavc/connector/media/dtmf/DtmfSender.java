package org.oavc.connector.media.dtmf;

import java.util.ArrayList;
import java.util.List;

/**
 * Produces the RFC 4733 packet sequence for one digit: a first packet with the marker bit, one
 * update per packet interval with the growing duration, then the end packet three times, all with
 * the event's start timestamp. Events longer than 65535 timestamp units are refused (RFC 4733
 * long-event segmentation is not needed for key presses).
 */
public final class DtmfSender {
  private static final int END_REPEATS = 3;

  private final int clockRate;
  private final int packetMillis;
  private final int volume;

  /**
   * @param clockRate the audio stream's RTP clock rate (48000 for Opus, also when the SDP says
   *     telephone-event/8000: events share the audio timestamps, RFC 4733 section 2.1)
   * @param packetMillis interval between packets, normally the audio ptime
   * @param volume power level in -dBm0 (0..63), 10 is customary
   */
  public DtmfSender(int clockRate, int packetMillis, int volume) {
    if (clockRate <= 0 || packetMillis <= 0 || volume < 0 || volume > 63) {
      throw new IllegalArgumentException("bad DTMF sender settings");
    }
    this.clockRate = clockRate;
    this.packetMillis = packetMillis;
    this.volume = volume;
  }

  /**
   * Packets for {@code digit} lasting {@code durationMillis}, starting at RTP {@code timestamp}.
   */
  public List<DtmfPacket> packets(char digit, int durationMillis, int timestamp) {
    int event = TelephoneEvent.eventOf(digit);
    if (event < 0) {
      throw new IllegalArgumentException("not a DTMF digit: '" + digit + "'");
    }
    long total = (long) clockRate * durationMillis / 1000;
    int step = clockRate * packetMillis / 1000;
    if (durationMillis <= 0 || total > 0xFFFF) {
      throw new IllegalArgumentException(
          "DTMF duration must be 1.." + (0xFFFF * 1000L / clockRate) + " ms");
    }
    List<DtmfPacket> out = new ArrayList<>();
    int duration = (int) Math.min(step, total);
    out.add(packet(event, false, duration, true, timestamp));
    while (duration + step < total) {
      duration += step;
      out.add(packet(event, false, duration, false, timestamp));
    }
    for (int i = 0; i < END_REPEATS; i++) {
      out.add(packet(event, true, (int) total, false, timestamp));
    }
    return out;
  }

  private DtmfPacket packet(int event, boolean end, int duration, boolean marker, int timestamp) {
    byte[] payload = new byte[TelephoneEvent.SIZE];
    new TelephoneEvent(event, end, volume, duration).write(payload, 0);
    return new DtmfPacket(payload, marker, timestamp, end, duration);
  }
}
