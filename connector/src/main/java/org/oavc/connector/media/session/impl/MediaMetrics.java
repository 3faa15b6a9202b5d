package org.oavc.connector.media.session.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;
import org.oavc.connector.media.session.MediaQuality;

/** Meters shared by all sessions of a factory: aggregated, never tagged per call. */
public final class MediaMetrics {
  final Counter packetsIn;
  final Counter packetsOut;
  final Counter garbage;
  final Counter wrongPayloadType;
  final Counter unlatchedSource;
  final Counter foreignSsrc;
  final Counter rtcpSource;
  final Counter relatches;
  final Counter rtcpIn;
  final Counter rtcpOut;
  final Counter rtcpMalformed;
  final Counter dtmfIn;
  final Counter dtmfOut;
  final DistributionSummary rttMillis;
  final DistributionSummary jitterMillis;
  final DistributionSummary lossPercent;
  final DistributionSummary callLossRatio;
  final DistributionSummary callJitterMillis;
  final DistributionSummary callRttMillis;
  final AtomicInteger active = new AtomicInteger();

  public MediaMetrics(MeterRegistry r) {
    packetsIn = Counter.builder("oavc_media_rtp_packets_total").tag("direction", "in").register(r);
    packetsOut =
        Counter.builder("oavc_media_rtp_packets_total").tag("direction", "out").register(r);
    garbage = dropped(r, "malformed");
    wrongPayloadType = dropped(r, "payload_type");
    unlatchedSource = dropped(r, "unlatched_source");
    foreignSsrc = dropped(r, "ssrc");
    rtcpSource = dropped(r, "rtcp_source");
    relatches =
        Counter.builder("oavc_media_rtp_relatches_total")
            .description("media followed a caller to a new address (NAT rebinding)")
            .register(r);
    rtcpIn = Counter.builder("oavc_media_rtcp_packets_total").tag("direction", "in").register(r);
    rtcpOut = Counter.builder("oavc_media_rtcp_packets_total").tag("direction", "out").register(r);
    rtcpMalformed = Counter.builder("oavc_media_rtcp_malformed_total").register(r);
    dtmfIn = Counter.builder("oavc_media_dtmf_digits_total").tag("direction", "in").register(r);
    dtmfOut = Counter.builder("oavc_media_dtmf_digits_total").tag("direction", "out").register(r);
    rttMillis =
        DistributionSummary.builder("oavc_media_rtt_milliseconds")
            .baseUnit("milliseconds")
            .description("round-trip time from received RTCP reports")
            .register(r);
    jitterMillis =
        DistributionSummary.builder("oavc_media_jitter_milliseconds")
            .baseUnit("milliseconds")
            .description("interarrival jitter of callers' streams, sampled per RTCP interval")
            .register(r);
    lossPercent =
        DistributionSummary.builder("oavc_media_loss_percent")
            .baseUnit("percent")
            .description("loss of callers' streams per RTCP interval")
            .register(r);
    // One sample per call at its end (Prometheus: oavc_media_call_loss_ratio,
    // ..._jitter_milliseconds,
    // ..._rtt_milliseconds), with percentiles, so a bad minority of calls shows up.
    callLossRatio =
        perCall(
            r,
            "oavc_media_call_loss_ratio",
            "ratio",
            "share of the caller's packets lost, per call");
    callJitterMillis =
        perCall(
            r,
            "oavc_media_call_jitter_milliseconds",
            "milliseconds",
            "interarrival jitter of the caller's stream at call end");
    callRttMillis =
        perCall(
            r,
            "oavc_media_call_rtt_milliseconds",
            "milliseconds",
            "round-trip time from the caller's last RTCP report at call end (calls with RTCP only)");
    Gauge.builder("oavc_media_sessions", active, AtomicInteger::get).register(r);
  }

  private static DistributionSummary perCall(
      MeterRegistry r, String name, String unit, String description) {
    return DistributionSummary.builder(name)
        .baseUnit(unit)
        .description(description)
        .publishPercentiles(0.5, 0.95, 0.99)
        .register(r);
  }

  /** Records a finished call's figures; a call that never received media has no loss or jitter. */
  void callEnded(MediaQuality q) {
    if (q.packetsIn() > 0) {
      callLossRatio.record(q.lossPercent() / 100);
      callJitterMillis.record(q.jitterMillis());
    }
    if (!Double.isNaN(q.rttMillis())) {
      callRttMillis.record(q.rttMillis());
    }
  }

  private static Counter dropped(MeterRegistry r, String reason) {
    return Counter.builder("oavc_media_rtp_dropped_total").tag("reason", reason).register(r);
  }
}
