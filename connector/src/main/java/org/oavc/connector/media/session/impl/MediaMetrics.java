package org.oavc.connector.media.session.impl;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.atomic.AtomicInteger;

/** Meters shared by all sessions of a factory: aggregated, never tagged per call. */
public final class MediaMetrics {
  final Counter packetsIn;
  final Counter packetsOut;
  final Counter garbage;
  final Counter wrongPayloadType;
  final Counter unlatchedSource;
  final Counter relatches;
  final Counter rtcpIn;
  final Counter rtcpOut;
  final Counter rtcpMalformed;
  final Counter dtmfIn;
  final Counter dtmfOut;
  final DistributionSummary rttMillis;
  final DistributionSummary jitterMillis;
  final DistributionSummary lossPercent;
  final AtomicInteger active = new AtomicInteger();

  public MediaMetrics(MeterRegistry r) {
    packetsIn = Counter.builder("oavc.media.rtp.packets").tag("direction", "in").register(r);
    packetsOut = Counter.builder("oavc.media.rtp.packets").tag("direction", "out").register(r);
    garbage = dropped(r, "malformed");
    wrongPayloadType = dropped(r, "payload_type");
    unlatchedSource = dropped(r, "unlatched_source");
    relatches = Counter.builder("oavc.media.rtp.relatches")
        .description("media followed a caller to a new address (NAT rebinding)").register(r);
    rtcpIn = Counter.builder("oavc.media.rtcp.packets").tag("direction", "in").register(r);
    rtcpOut = Counter.builder("oavc.media.rtcp.packets").tag("direction", "out").register(r);
    rtcpMalformed = Counter.builder("oavc.media.rtcp.malformed").register(r);
    dtmfIn = Counter.builder("oavc.media.dtmf.digits").tag("direction", "in").register(r);
    dtmfOut = Counter.builder("oavc.media.dtmf.digits").tag("direction", "out").register(r);
    rttMillis = DistributionSummary.builder("oavc.media.rtt").baseUnit("milliseconds")
        .description("round-trip time from received RTCP reports").register(r);
    jitterMillis = DistributionSummary.builder("oavc.media.jitter").baseUnit("milliseconds")
        .description("interarrival jitter of callers' streams, sampled per RTCP interval").register(r);
    lossPercent = DistributionSummary.builder("oavc.media.loss").baseUnit("percent")
        .description("loss of callers' streams per RTCP interval").register(r);
    Gauge.builder("oavc.media.sessions", active, AtomicInteger::get).register(r);
  }

  private static Counter dropped(MeterRegistry r, String reason) {
    return Counter.builder("oavc.media.rtp.dropped").tag("reason", reason).register(r);
  }
}
