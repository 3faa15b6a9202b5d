package org.oavc.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import org.oavc.connector.media.port.LocalPortPool;
import org.oavc.connector.opensips.SipHeaders;
import org.oavc.connector.opensips.UaSessionEvent;
import org.oavc.connector.opensips.UaSessionReply;
import org.oavc.connector.sdp.SdpAnswerer;
import org.oavc.connector.sdp.SdpAnswererOptions;
import org.oavc.connector.sdp.SdpNegotiation;

/**
 * CPU time of the work between a NEW datagram and the 200 handed to the MI socket, step by step, on
 * one thread: parse the event, read Call-ID/From/To, take a port, answer the SDP, encode the
 * ua_session_reply request. Measured as thread CPU time, so other load on the machine barely moves
 * it (unlike wall time): it shows what the code costs, apart from waiting for a core. Args:
 * [iterations=200000] (run twice; the first run is the JIT warm-up).
 */
public final class SetupPathCpu {
  private static final String HEADERS =
      "Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bK-1-1-0\r\n"
          + "From: \"SIPp caller\" <sip:caller@127.0.0.1:5070>;tag=1SIPpTag001\r\n"
          + "To: <sip:ai@127.0.0.1:5060>\r\nCall-ID: 1-31375@127.0.0.1\r\nCSeq: 1 INVITE\r\n"
          + "Contact: <sip:caller@127.0.0.1:5070>\r\nMax-Forwards: 69\r\n"
          + "User-Agent: SIPp\r\nContent-Type: application/sdp\r\nContent-Length:   261\r\n";
  private static final String OFFER =
      "v=0\r\no=caller 53655765 2353687637 IN IP4 127.0.0.1\r\n"
          + "s=SIPp\r\nc=IN IP4 127.0.0.1\r\nt=0 0\r\nm=audio 6000 RTP/AVP 0 8 9 101\r\n"
          + "a=rtpmap:0 PCMU/8000\r\na=rtpmap:8 PCMA/8000\r\na=rtpmap:9 G722/8000\r\n"
          + "a=rtpmap:101 telephone-event/8000\r\na=fmtp:101 0-16\r\na=ptime:20\r\na=sendrecv\r\n";
  private static final String[] STEPS = {
    "parse event", "3 headers", "port", "SDP answer", "MI encode"
  };
  private static volatile Object sink;

  public static void main(String[] args) {
    int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 200_000;
    Buffer datagram =
        new JsonObject()
            .put("jsonrpc", "2.0")
            .put("method", "E_UA_SESSION")
            .put(
                "params",
                new JsonObject()
                    .put("key", "B2B.66.426.1795386573.387449857")
                    .put("event_type", "NEW")
                    .put("entity_type", "UAS")
                    .put("status", 0)
                    .putNull("reason")
                    .put("method", "INVITE")
                    .put("body", OFFER)
                    .put("headers", HEADERS))
            .toBuffer();
    SdpAnswerer sdp =
        new SdpAnswerer(
            new SdpAnswererOptions()
                .setAdvertisedAddress("127.0.0.1")
                .setMeterRegistry(new SimpleMeterRegistry()));
    LocalPortPool ports = new LocalPortPool(40000, 40999, new SimpleMeterRegistry());
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    long[] total = new long[STEPS.length];
    for (int run = 0; run < 2; run++) {
      java.util.Arrays.fill(total, 0);
      for (int i = 0; i < iterations; i++) {
        long t0 = cpu.getCurrentThreadCpuTime();
        UaSessionEvent ev = UaSessionEvent.parse(datagram);
        long t1 = cpu.getCurrentThreadCpuTime();
        sink = ev.header("Call-ID", "i");
        sink = SipHeaders.uriUser(ev.header("From", "f"));
        sink = SipHeaders.uriUser(ev.header("To", "t"));
        long t2 = cpu.getCurrentThreadCpuTime();
        int port = ports.acquire(ev.key(), !ev.body().contains("a=rtcp-mux")).result();
        long t3 = cpu.getCurrentThreadCpuTime();
        SdpNegotiation n;
        try {
          n = sdp.answer(ev.body(), port, null);
        } catch (Exception e) {
          throw new IllegalStateException(e);
        }
        long t4 = cpu.getCurrentThreadCpuTime();
        sink =
            new JsonObject()
                .put("jsonrpc", "2.0")
                .put("method", "ua_session_reply")
                .put(
                    "params",
                    UaSessionReply.of(ev.key(), "INVITE", 200, "OK")
                        .withBody(n.localSdp())
                        .toParams())
                .put("id", Integer.toString(i))
                .toBuffer();
        long t5 = cpu.getCurrentThreadCpuTime();
        ports.release(port);
        total[0] += t1 - t0;
        total[1] += t2 - t1;
        total[2] += t3 - t2;
        total[3] += t4 - t3;
        total[4] += t5 - t4;
      }
    }
    System.out.printf(
        "CPU time per NEW before the 200 (%s; %d iterations after as many warm-up;"
            + " thread CPU clock, each reading adds its own small cost)%n",
        Percentiles.machine(), iterations);
    System.out.println("| step | mean us |");
    System.out.println("|---|---|");
    long sum = 0;
    for (int s = 0; s < STEPS.length; s++) {
      System.out.printf("| %s | %.1f |%n", STEPS[s], total[s] / 1000.0 / iterations);
      sum += total[s];
    }
    System.out.printf("| total | %.1f |%n", sum / 1000.0 / iterations);
  }
}
