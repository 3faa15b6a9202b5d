package org.oavc.bench.wire;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import org.oavc.bench.BenchSippCalls;
import org.oavc.bench.Percentiles;
import org.oavc.connector.testdouble.SippResult;

/** Places calls with SIPp; a measured phase is captured on loopback and reduced to latencies. */
final class WirePhases {
  /** One measured phase: wire INVITE -> 200 and the answerer's NEW -> MI request, per call. */
  record Result(String name, Percentiles wire, Percentiles answerer, SippResult sipp) {}

  private final InetSocketAddress sip;
  private final InetSocketAddress mi;
  private final int rate;
  private final Path out;
  private int captures;

  WirePhases(InetSocketAddress sip, InetSocketAddress mi, int rate, Path out) {
    this.sip = sip;
    this.mi = mi;
    this.rate = rate;
    this.out = out;
  }

  /** Calls nobody measures (warm-up). */
  void place(int calls) throws Exception {
    if (calls > 0) {
      BenchSippCalls.place(sip, calls, rate);
    }
  }

  Result measure(String name, int calls, int eventPort) throws Exception {
    Path file = out.resolve("phase-" + ++captures + ".pcap");
    List<LoopbackDatagram> seen;
    SippResult r;
    try (LoopbackCapture capture =
        LoopbackCapture.start(file, List.of(sip.getPort(), eventPort, mi.getPort()))) {
      r = BenchSippCalls.place(sip, calls, rate);
      Thread.sleep(200); // the last datagrams reach the capture file
      seen = capture.stop();
    }
    List<SetupTimeline.CallTimes> times =
        SetupTimeline.of(seen, sip.getPort(), eventPort, mi.getPort());
    long[] wire = new long[times.size()];
    long[] answerer = new long[times.size()];
    int n = 0;
    for (SetupTimeline.CallTimes t : times) {
      if (t.complete()) {
        wire[n] = t.ok - t.invite;
        answerer[n++] = t.mi - t.event;
      }
    }
    return new Result(name, new Percentiles(wire, n), new Percentiles(answerer, n), r);
  }
}
