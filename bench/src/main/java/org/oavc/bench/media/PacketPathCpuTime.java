package org.oavc.bench.media;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.function.IntSupplier;

/**
 * {@link PacketPathBenchmark}'s operations timed by this thread's CPU time instead of wall time: on
 * a shared, oversubscribed machine the wall clock also counts the time the thread waited for a
 * core, CPU time does not. Prints the median of several rounds, ns per 20 ms frame, and the bytes
 * the receive and send paths allocate per frame. Args: [rounds=15] [framesPerRound=20000].
 */
public final class PacketPathCpuTime {
  private static int sink;

  public static void main(String[] args) {
    int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 15;
    int frames = args.length > 1 ? Integer.parseInt(args[1]) : 20000;
    ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
    System.out.printf(
        "Per-frame CPU time, median of %d rounds x %d frames (ns/frame)%n", rounds, frames);
    System.out.printf(
        "%-6s %10s %10s %10s %10s %12s %12s %12s %12s%n",
        "codec",
        "receive",
        "send",
        "decode",
        "encode",
        "resample->AI",
        "resample<-AI",
        "rx alloc B",
        "tx alloc B");
    for (String codec : new String[] {"PCMU", "G722"}) {
      PacketPathBenchmark b = new PacketPathBenchmark();
      b.codecName = codec;
      b.setUp();
      IntSupplier[] ops = {
        b::receiveFrame,
        b::sendFrame,
        b::decodeOnly,
        b::encodeOnly,
        b::resampleToAiOnly,
        b::resampleFromAiOnly
      };
      double[] medians = new double[ops.length];
      double[] allocated = new double[2]; // bytes per frame, receive and send paths
      for (int o = 0; o < ops.length; o++) {
        for (int w = 0; w < 5; w++) {
          run(ops[o], frames); // warm-up: let the JIT compile the path
        }
        double[] perFrame = new double[rounds];
        for (int r = 0; r < rounds; r++) {
          long t0 = cpu.getCurrentThreadCpuTime();
          run(ops[o], frames);
          perFrame[r] = (cpu.getCurrentThreadCpuTime() - t0) / (double) frames;
        }
        java.util.Arrays.sort(perFrame);
        medians[o] = perFrame[rounds / 2];
        if (o < 2) {
          long b0 = ThreadAllocation.currentThread();
          run(ops[o], frames);
          allocated[o] = (ThreadAllocation.currentThread() - b0) / (double) frames;
        }
      }
      System.out.printf(
          "%-6s %10.0f %10.0f %10.0f %10.0f %12.0f %12.0f %12.1f %12.1f%n",
          codec,
          medians[0],
          medians[1],
          medians[2],
          medians[3],
          medians[4],
          medians[5],
          allocated[0],
          allocated[1]);
    }
    if (sink == 42) {
      System.out.println();
    }
  }

  private static void run(IntSupplier op, int frames) {
    int acc = 0;
    for (int i = 0; i < frames; i++) {
      acc += op.getAsInt();
    }
    sink += acc;
  }
}
