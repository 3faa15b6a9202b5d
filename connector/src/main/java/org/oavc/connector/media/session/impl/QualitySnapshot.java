package org.oavc.connector.media.session.impl;

import org.oavc.connector.media.rtcp.RtpReceptionStats;
import org.oavc.connector.media.session.MediaQuality;

/** Builds a {@link MediaQuality} from a session's parts. */
final class QualitySnapshot {
  private QualitySnapshot() {}

  static MediaQuality of(RtpReceiver receiver, RtpSender sender, long invalid, RtcpReporter rtcp) {
    RtpReceptionStats stats = receiver.stats();
    double loss = 0;
    double jitter = 0;
    if (stats != null) {
      long lost = Math.max(0, stats.cumulativeLost());
      long expected = stats.received() + lost;
      loss = expected == 0 ? 0 : lost * 100.0 / expected;
      jitter = stats.jitterTimestampUnits() * 1000 / receiver.clockRate();
    }
    return new MediaQuality(
        receiver.packets(),
        sender.packetsSent(),
        invalid,
        loss,
        jitter,
        rtcp.rttMillis(),
        rtcp.remoteLossPercent(),
        receiver.voicedFrames());
  }
}
