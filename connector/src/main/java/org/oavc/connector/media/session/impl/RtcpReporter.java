package org.oavc.connector.media.session.impl;

import java.util.ArrayList;
import java.util.List;
import org.oavc.connector.media.rtcp.Goodbye;
import org.oavc.connector.media.rtcp.MalformedRtcpException;
import org.oavc.connector.media.rtcp.NtpTime;
import org.oavc.connector.media.rtcp.ReceiverReport;
import org.oavc.connector.media.rtcp.ReportBlock;
import org.oavc.connector.media.rtcp.RtcpPacket;
import org.oavc.connector.media.rtcp.RtcpParser;
import org.oavc.connector.media.rtcp.RtcpWriter;
import org.oavc.connector.media.rtcp.SenderReport;
import org.oavc.connector.media.rtcp.SourceDescription;

/**
 * RTCP of one session: builds our compound report (SR once we have sent, else RR; SDES CNAME; BYE
 * when leaving) and reads the caller's reports (RTT, loss of our stream, LSR for our next report
 * block). Confined to the session's event loop.
 */
final class RtcpReporter {
  private final RtpSender sender;
  private final RtpReceiver receiver;
  private final String cname;
  private final MediaMetrics metrics;
  private volatile double rttMillis = Double.NaN;
  private volatile double remoteLossPercent = Double.NaN;
  private long reportsReceived;

  /** Told when the far end leaves (RTCP BYE): the only sign of a called party's hang-up (17). */
  private volatile Runnable goodbye = () -> {};

  RtcpReporter(RtpSender sender, RtpReceiver receiver, String cname, MediaMetrics metrics) {
    this.sender = sender;
    this.receiver = receiver;
    this.cname = cname;
    this.metrics = metrics;
  }

  /** Writes our compound packet into {@code out}; returns its length. */
  int report(byte[] out, boolean bye, long nowNanos) {
    List<ReportBlock> blocks = new ArrayList<>(1);
    var stats = receiver.stats();
    if (stats != null) {
      ReportBlock block = stats.reportBlock(nowNanos);
      blocks.add(block);
      metrics.lossPercent.record(block.fractionLost() * 100.0 / 256);
      metrics.jitterMillis.record(stats.jitterTimestampUnits() * 1000 / receiver.clockRate());
    }
    long ntp = NtpTime.fromUnixMillis(System.currentTimeMillis());
    List<RtcpPacket> packets = new ArrayList<>(3);
    if (sender.packetsSent() > 0) {
      SenderReport sr = sender.withStats((s, rtpNow) -> s.senderReport(ntp, rtpNow, blocks));
      packets.add(sr);
    } else {
      packets.add(new ReceiverReport(sender.ssrc(), blocks));
    }
    packets.add(new SourceDescription(List.of(new SourceDescription.Chunk(sender.ssrc(), cname))));
    if (bye) {
      packets.add(new Goodbye(List.of(sender.ssrc()), "call ended"));
    }
    return RtcpWriter.writeCompound(packets, out, 0);
  }

  /** Reads one RTCP datagram from the caller; malformed ones are counted and ignored. */
  void onPacket(byte[] buf, int len, long nowNanos) {
    List<RtcpPacket> packets;
    try {
      packets = RtcpParser.parse(buf, 0, len, false);
    } catch (MalformedRtcpException e) {
      metrics.rtcpMalformed.increment();
      return;
    }
    metrics.rtcpIn.increment();
    reportsReceived++;
    long arrivalNtp = NtpTime.fromUnixMillis(System.currentTimeMillis());
    for (RtcpPacket p : packets) {
      List<ReportBlock> blocks = List.of();
      if (p instanceof SenderReport sr) {
        var stats = receiver.stats();
        if (stats != null) {
          stats.onSenderReport(sr.ntpTimestamp(), nowNanos);
        }
        blocks = sr.reports();
      } else if (p instanceof ReceiverReport rr) {
        blocks = rr.reports();
      } else if (p instanceof Goodbye) {
        goodbye.run();
      }
      for (ReportBlock b : blocks) {
        if (b.ssrc() == sender.ssrc()) {
          remoteLossPercent = b.fractionLost() * 100.0 / 256;
          double rtt = b.roundTripMillis(arrivalNtp);
          if (!Double.isNaN(rtt)) {
            rttMillis = rtt;
            metrics.rttMillis.record(rtt);
          }
        }
      }
    }
  }

  void onGoodbye(Runnable handler) {
    goodbye = handler == null ? () -> {} : handler;
  }

  /** True when a datagram on the RTP port is RTCP (RFC 5761: packet type 192-223). */
  static boolean isRtcp(byte[] buf, int len) {
    return len >= 4 && (buf[0] & 0xC0) == 0x80 && (buf[1] & 0xFF) >= 192 && (buf[1] & 0xFF) <= 223;
  }

  double rttMillis() {
    return rttMillis;
  }

  double remoteLossPercent() {
    return remoteLossPercent;
  }

  long reportsReceived() {
    return reportsReceived;
  }
}
