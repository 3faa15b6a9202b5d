package org.oavc.bench.media;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.datagram.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The alternative PacingLoad argues against: one Vert.x periodic timer per stream (20 ms), each
 * sending a 172-byte RTP-shaped packet to the same loopback sink. Same table columns (no echo, CPU
 * and heap not measured; BENCH_SINK=native|java as in PacingLoad). Args:
 * [sessionCounts=101,500,1000] [seconds=10].
 */
public final class TimerPacingLoad {
  public static void main(String[] args) throws Exception {
    String[] counts = (args.length > 0 ? args[0] : "101,500,1000").split(",");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
    System.out.printf(
        "Per-stream Vert.x timers (%s, %d s per row)%n", PacingLoad.machine(), seconds);
    System.out.println(Sink.describe());
    System.out.printf(
        "%8s %10s %10s %10s %10s %8s%n",
        "streams", "packets", "dev p50 us", "dev p99 us", "dev max us", "loss %");
    for (String c : counts) {
      row(Integer.parseInt(c.trim()), seconds);
    }
    System.exit(0);
  }

  /**
   * Cancels every timer, then closes the sockets and waits for that, before Vert.x itself closes: a
   * timer still firing into a closing Vert.x fails with "executor not accepting a task".
   */
  private static void stop(Vertx vertx, List<Long> timers, List<DatagramSocket> sockets)
      throws Exception {
    for (long id : timers) {
      vertx.cancelTimer(id);
    }
    // A tick already queued on its event loop may still run once: let it pass.
    Thread.sleep(100);
    List<io.vertx.core.Future<Void>> closing = new ArrayList<>();
    for (DatagramSocket s : sockets) {
      closing.add(s.close());
    }
    io.vertx.core.Future.all(closing)
        .toCompletionStage()
        .toCompletableFuture()
        .get(30, TimeUnit.SECONDS);
  }

  private static void row(int streams, int seconds) throws Exception {
    Vertx vertx = Vertx.vertx();
    try (Sink sink = Sink.open(false, streams)) {
      InetSocketAddress to = sink.address();
      List<DatagramSocket> sockets = new ArrayList<>();
      List<Long> timers = new ArrayList<>();
      for (int i = 0; i < streams; i++) {
        DatagramSocket s = vertx.createDatagramSocket();
        sockets.add(s);
        int ssrc = i + 1;
        int[] seq = {0};
        timers.add(
            vertx.setPeriodic(
                20,
                id -> {
                  byte[] p = new byte[172];
                  p[0] = (byte) 0x80;
                  p[2] = (byte) (seq[0] >> 8);
                  p[3] = (byte) seq[0];
                  seq[0] = (seq[0] + 1) & 0xFFFF;
                  p[8] = (byte) (ssrc >> 24);
                  p[9] = (byte) (ssrc >> 16);
                  p[10] = (byte) (ssrc >> 8);
                  p[11] = (byte) ssrc;
                  s.send(Buffer.buffer(p), to.getPort(), "127.0.0.1");
                }));
      }
      Thread.sleep(2000);
      sink.startRecording();
      sink.record(seconds);
      StreamSink.Result r = sink.stopRecording();
      stop(vertx, timers, sockets);
      System.out.printf(
          "%8d %10d %10.0f %10.0f %10.0f %8.3f%n",
          streams, r.packets(), r.p50Micros(), r.p99Micros(), r.maxMicros(), r.lossPercent());
    } finally {
      vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    }
  }
}
