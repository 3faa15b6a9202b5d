package org.oavc.bench;

import java.util.Random;
import org.oavc.connector.ai.guard.BargeInDetector;
import org.oavc.connector.ai.guard.EchoGuard;
import org.oavc.connector.ai.guard.GuardOptions;
import org.oavc.connector.ai.guard.Guards;

/**
 * Connector time per 20 ms frame spent in the uplink guards: farEnd(sent) + nearEnd(received) +
 * bargeInDetector.onFrame, one call on one thread, as the conversation runs them. The signal is
 * speech-like (a harmonic voice with syllable-rate on/off and a gliding pitch) echoed at 120 ms and
 * -6 dB under -50 dBFS noise, so every stage (delay tracking, suppression, detector) does its real
 * work. Reports ns per frame p50/p99/max per sample rate, after a warm-up, and the bytes the thread
 * allocated per frame (the guards are meant to allocate nothing). Wall time includes being
 * descheduled on a busy machine; the thread-CPU columns do not, and are the figures to compare on a
 * shared box. Args: [rates=8000,16000,24000,48000] [seconds of audio per rate=600].
 */
public final class GuardFrameCost {
  private GuardFrameCost() {}

  public static void main(String[] args) {
    String[] rates = (args.length > 0 ? args[0] : "8000,16000,24000,48000").split(",");
    int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 600;
    System.out.printf(
        "Uplink guard cost per 20 ms frame (%s, %d s of audio per rate)%n",
        Percentiles.machine(), seconds);
    System.out.println(
        "| rate Hz | frames | wall p50 ns | wall p99 ns | wall max ns | CPU p50 ns | CPU p99 ns "
            + "| CPU mean ns | bytes/frame |");
    System.out.println("|---|---|---|---|---|---|---|---|---|");
    for (String r : rates) {
      row(Integer.parseInt(r.trim()), seconds);
    }
  }

  private static void row(int rate, int seconds) {
    int frame = rate / 50;
    GuardOptions options = new GuardOptions().setSampleRate(rate).setFrameMillis(20);
    short[][] far = new short[500][];
    short[][] near = new short[500][];
    makeSignal(rate, frame, far, near);
    run(options, far, near, 3000, null, null);
    int frames = seconds * 50;
    long[] samples = new long[frames];
    long[] cpu = new long[frames];
    var threads =
        (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
    long allocatedBefore = threads.getCurrentThreadAllocatedBytes();
    run(options, far, near, frames, samples, cpu);
    long allocated = threads.getCurrentThreadAllocatedBytes() - allocatedBefore;
    Percentiles p = new Percentiles(samples, frames);
    Percentiles c = new Percentiles(cpu, frames);
    long sum = 0;
    for (long s : cpu) {
      sum += s;
    }
    System.out.printf(
        "| %d | %d | %.0f | %.0f | %.0f | %.0f | %.0f | %d | %d |%n",
        rate,
        frames,
        p.micros(50) * 1000,
        p.micros(99) * 1000,
        p.micros(100) * 1000,
        c.micros(50) * 1000,
        c.micros(99) * 1000,
        sum / frames,
        allocated / frames);
  }

  private static void run(
      GuardOptions options, short[][] far, short[][] near, int frames, long[] samples, long[] cpu) {
    var threads = java.lang.management.ManagementFactory.getThreadMXBean();
    EchoGuard guard = Guards.echoGuard(options);
    BargeInDetector detector = Guards.bargeInDetector(options);
    short[] received = new short[near[0].length];
    int fires = 0;
    for (int f = 0; f < frames; f++) {
      int i = f % far.length;
      System.arraycopy(near[i], 0, received, 0, received.length);
      long cpuStart = cpu == null ? 0 : threads.getCurrentThreadCpuTime();
      long start = System.nanoTime();
      guard.farEnd(far[i]);
      fires += detector.onFrame(guard.nearEnd(received), true) ? 1 : 0;
      long took = System.nanoTime() - start;
      if (samples != null) {
        samples[f] = took;
        cpu[f] = threads.getCurrentThreadCpuTime() - cpuStart;
      }
    }
    if (samples != null && fires > 0) {
      System.out.printf("(note: %d barge-ins fired on echo alone)%n", fires);
    }
  }

  /** Ten seconds of a synthetic voice (sent) and its echo plus noise (received), looped. */
  private static void makeSignal(int rate, int frame, short[][] far, short[][] near) {
    int total = far.length * frame;
    double[] voice = new double[total];
    double phase = 0;
    for (int n = 0; n < total; n++) {
      double t = (double) n / rate;
      double pitch = 110 + 30 * Math.sin(2 * Math.PI * 0.7 * t);
      phase += 2 * Math.PI * pitch / rate;
      double syllable = Math.max(0, Math.sin(2 * Math.PI * 4 * t));
      double v = 0;
      for (int h = 1; h * pitch < Math.min(4000, rate / 2.0); h++) {
        v += Math.sin(h * phase) / h;
      }
      voice[n] = 3000 * syllable * v;
    }
    Random random = new Random(5);
    int delay = rate * 120 / 1000;
    for (int f = 0; f < far.length; f++) {
      far[f] = new short[frame];
      near[f] = new short[frame];
      for (int i = 0; i < frame; i++) {
        int n = f * frame + i;
        double echo = n >= delay ? 0.5 * voice[n - delay] : 0;
        far[f][i] = clip(voice[n]);
        near[f][i] = clip(echo + random.nextGaussian() * 104);
      }
    }
  }

  private static short clip(double v) {
    return (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
  }
}
