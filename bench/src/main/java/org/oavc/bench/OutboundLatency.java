package org.oavc.bench;

import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.oavc.connector.call.CallController;
import org.oavc.connector.call.CallView;
import org.oavc.connector.call.EndCause;
import org.oavc.connector.call.OutboundRequest;
import org.oavc.connector.media.rtcp.Goodbye;
import org.oavc.connector.media.rtcp.ReceiverReport;
import org.oavc.connector.media.rtcp.RtcpWriter;
import org.oavc.connector.speech.CallerMedia;
import org.oavc.connector.speech.LocalAi;
import org.oavc.connector.speech.Pcm;
import org.oavc.connector.speech.SpeechConnector;
import org.oavc.connector.speech.SpeechPrompts;
import org.oavc.connector.testdouble.OpenSipsTarget;

/**
 * Placed calls with the local stack (ai-services in-process, the OpenSIPS double or a real
 * OpenSIPS, a plain-SIP callee answering at once, the Java RTP endpoint of the speech tests): the
 * INVITE reaching the called party, and our 200's answer, to the agent's first voiced frame there
 * (its greeting), per flavor, with and without answering-machine detection (the callee then says
 * "hello?" 300 ms after answering); then how long after the called party hangs up (its BYE, which
 * OpenSIPS answers without an event, and its RTP stops) the call ends, from the RTP silence alone
 * and with an RTCP BYE. Args: [calls per row=10].
 */
public final class OutboundLatency {
  private OutboundLatency() {}

  public static void main(String[] args) throws Exception {
    int calls = args.length > 0 ? Integer.parseInt(args[0]) : 10;
    short[] hello = Pcm.concat(Pcm.silence(8000, 300), SpeechPrompts.say("hello?", 8000));
    System.out.printf("Placed-call latency, local stack (%s)%n%n", Percentiles.machine());
    long[] silenceEnd = new long[4 * calls];
    long[] rtcpEnd = new long[4 * calls];
    int silenceN = 0;
    int rtcpN = 0;
    System.out.println(
        "| flavor | AMD | calls | INVITE at callee -> agent's first word p50 / p90 ms "
            + "| 200 sent -> first word p50 / p90 ms |");
    System.out.println("|---|---|---|---|---|");
    try (LocalAi ai = LocalAi.start()) {
      for (String flavor : List.of("pipeline", "realtime")) {
        for (boolean amd : new boolean[] {false, true}) {
          long[] fromInvite = new long[calls];
          long[] fromAnswer = new long[calls];
          int n = 0;
          try (SpeechConnector c =
              SpeechConnector.start(
                  OpenSipsTarget.fromEnvironment(), 8, ai.settings(flavor, true))) {
            for (int i = 0; i < calls; i++) {
              boolean rtcpBye = i % 2 == 1;
              Result r = call(c, flavor, amd, hello, rtcpBye);
              fromInvite[n] = r.firstWordNanos - r.inviteNanos;
              fromAnswer[n++] = r.firstWordNanos - r.answerNanos;
              if (rtcpBye) {
                rtcpEnd[rtcpN++] = r.endedAfterHangUpMillis * 1_000_000L;
              } else {
                silenceEnd[silenceN++] = r.endedAfterHangUpMillis * 1_000_000L;
              }
            }
          }
          Percentiles inv = new Percentiles(fromInvite, n);
          Percentiles ans = new Percentiles(fromAnswer, n);
          System.out.printf(
              "| %s | %s | %d | %.0f / %.0f | %.0f / %.0f |%n",
              flavor,
              amd ? "on" : "off",
              n,
              inv.micros(50) / 1000,
              inv.micros(90) / 1000,
              ans.micros(50) / 1000,
              ans.micros(90) / 1000);
        }
      }
    }
    System.out.println();
    System.out.println(
        "| the called party hangs up with | calls | call ended after p50 / p90 / max ms |");
    System.out.println("|---|---|---|");
    for (Object[] row :
        new Object[][] {
          {"its BYE and RTP stopping (silence rule)", silenceEnd, silenceN},
          {"the same and an RTCP BYE", rtcpEnd, rtcpN}
        }) {
      Percentiles p = new Percentiles((long[]) row[1], (int) row[2]);
      System.out.printf(
          "| %s | %d | %.0f / %.0f / %.0f |%n",
          row[0], p.count(), p.micros(50) / 1000, p.micros(90) / 1000, p.micros(100) / 1000);
    }
    System.exit(0);
  }

  private record Result(
      long inviteNanos, long answerNanos, long firstWordNanos, long endedAfterHangUpMillis) {}

  private static Result call(
      SpeechConnector c, String flavor, boolean amd, short[] hello, boolean rtcpBye)
      throws Exception {
    try (CallerMedia media = CallerMedia.open(CallerMedia.Codec.PCMU);
        BenchCallee callee = new BenchCallee(media.localAddress().getPort());
        // the connector takes RTCP from the called party's host (its port may differ, as NATs do)
        DatagramSocket rtcp = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0))) {
      CallController calls = c.daemon().calls();
      var key =
          calls.dial(
              OutboundRequest.parse(
                  new JsonObject().put("to", callee.uri()).put("flavor", flavor).put("amd", amd),
                  calls.outboundOptions()));
      long invite = callee.awaitInvite();
      InetSocketAddress connector = callee.offeredRtp();
      media.sendTo(connector);
      long answer = callee.answer();
      if (amd) {
        media.say(hello);
      }
      String k = key.toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
      long firstWord =
          await("the agent's first word")
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(5))
              .until(() -> media.received().firstSpeechSince(answer), w -> w.isPresent())
              .getAsLong();
      Thread.sleep(500);
      long hangUp = System.currentTimeMillis();
      media.close(); // its RTP stops (sendTo(null) would latch again on ours)
      callee.bye();
      if (rtcpBye) {
        byte[] out = new byte[256];
        int ssrc = 0x0BE0_0001;
        int len =
            RtcpWriter.writeCompound(
                List.of(new ReceiverReport(ssrc, List.of()), new Goodbye(List.of(ssrc), "bye")),
                out,
                0);
        rtcp.send(
            new DatagramPacket(
                out, len, new InetSocketAddress(connector.getAddress(), connector.getPort() + 1)));
      }
      CallView ended = c.awaitEnded(k, Duration.ofSeconds(15));
      if (ended.endCause() != EndCause.CALLEE_HANGUP) {
        throw new IllegalStateException("call " + k + " ended " + ended.endCause());
      }
      await("the port back")
          .atMost(Duration.ofSeconds(10))
          .until(() -> c.daemon().calls().registry().live().isEmpty());
      return new Result(invite, answer, firstWord, ended.endedAt().toEpochMilli() - hangUp);
    }
  }
}
