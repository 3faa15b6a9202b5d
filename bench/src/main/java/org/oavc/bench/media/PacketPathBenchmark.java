package org.oavc.bench.media;

import java.util.concurrent.TimeUnit;
import org.oavc.connector.media.codec.AudioCodec;
import org.oavc.connector.media.codec.AudioCodecs;
import org.oavc.connector.media.codec.Resampler;
import org.oavc.connector.media.rtp.JitterBuffer;
import org.oavc.connector.media.rtp.JitterBufferOptions;
import org.oavc.connector.media.rtp.JitterFrame;
import org.oavc.connector.media.rtp.RtpPacket;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The per-packet work of one 20 ms frame in both directions, as RtpSession does it: parse the
 * caller's RTP packet, pass it through the jitter buffer, decode, resample to the AI rate (16 kHz);
 * and for our side resample the AI's 16 kHz frame to the codec rate, encode and write the RTP
 * packet. The single-step benchmarks split that cost. Run with {@code java -cp ...
 * org.openjdk.jmh.Main PacketPathBenchmark}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PacketPathBenchmark {
  @Param({"PCMU", "G722"})
  public String codecName;

  private AudioCodec codec;
  private Resampler toAi;
  private Resampler fromAi;
  private final RtpPacket in = new RtpPacket();
  private final RtpPacket out = new RtpPacket();
  private byte[] wireIn;
  private final byte[] wireOut = new byte[1500];
  private final short[] decoded = new short[AudioCodec.MAX_DECODED_SAMPLES];
  private final short[] aiPcm = new short[2048];
  private short[] aiFrame;
  private final short[] codecPcm = new short[2048];
  private final byte[] payload = new byte[1500];
  private int frameSamples;
  private JitterBuffer jitter;
  private JitterFrame frame;
  private int sequence;
  private long arrivalNanos;
  private byte[] payloadIn;

  @Setup
  public void setUp() {
    codec = AudioCodecs.create(codecName, 8000, 1);
    frameSamples = codec.samplesPerFrame(20);
    toAi = new Resampler(codec.sampleRate(), 16000);
    fromAi = new Resampler(16000, codec.sampleRate());
    short[] tone = new short[frameSamples];
    for (int i = 0; i < tone.length; i++) {
      tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 400 * i / codec.sampleRate()));
    }
    byte[] encoded = AudioCodecs.create(codecName, 8000, 1).encode(tone, 0, tone.length);
    RtpPacket p =
        new RtpPacket()
            .clear()
            .setPayloadType(0)
            .setSequenceNumber(1)
            .setTimestamp(160)
            .setSsrc(7)
            .setPayload(encoded, 0, encoded.length);
    wireIn = new byte[p.size()];
    p.write(wireIn, 0);
    payloadIn = encoded;
    jitter = new JitterBuffer(new JitterBufferOptions().setClockRate(8000).setFrameMillis(20));
    frame = jitter.newFrame();
    aiFrame = new short[320];
    for (int i = 0; i < aiFrame.length; i++) {
      aiFrame[i] = (short) (8000 * Math.sin(2 * Math.PI * 300 * i / 16000.0));
    }
  }

  @Benchmark
  public int receiveFrame() {
    // The next packet of a steady stream: new sequence number and timestamp, arriving on time.
    sequence++;
    wireIn[2] = (byte) (sequence >> 8);
    wireIn[3] = (byte) sequence;
    int ts = sequence * 160;
    wireIn[4] = (byte) (ts >> 24);
    wireIn[5] = (byte) (ts >> 16);
    wireIn[6] = (byte) (ts >> 8);
    wireIn[7] = (byte) ts;
    arrivalNanos += 20_000_000L;
    in.parse(wireIn, 0, wireIn.length);
    jitter.offer(in, arrivalNanos);
    int n =
        switch (jitter.poll(frame)) {
          case PACKET -> codec.decode(frame.payload(), 0, frame.length(), decoded, 0);
          case CONCEAL -> codec.conceal(decoded, 0, frameSamples);
          default -> frameSamples; // start-up silence: the buffered frame plays on the next polls
        };
    return toAi.process(decoded, 0, n, aiPcm, 0);
  }

  @Benchmark
  public int decodeOnly() {
    return codec.decode(payloadIn, 0, payloadIn.length, decoded, 0);
  }

  @Benchmark
  public int encodeOnly() {
    return codec.encode(aiFrame, 0, frameSamples, payload, 0);
  }

  @Benchmark
  public int resampleToAiOnly() {
    return toAi.process(decoded, 0, frameSamples, aiPcm, 0);
  }

  @Benchmark
  public int resampleFromAiOnly() {
    return fromAi.process(aiFrame, 0, aiFrame.length, codecPcm, 0);
  }

  @Benchmark
  public int sendFrame() {
    int n = fromAi.process(aiFrame, 0, aiFrame.length, codecPcm, 0);
    // A resampler may hand out one sample more or less per frame; encode whole frames.
    int bytes = codec.encode(padTo(codecPcm, n, frameSamples), 0, frameSamples, payload, 0);
    out.clear()
        .setPayloadType(0)
        .setSequenceNumber(2)
        .setTimestamp(320)
        .setSsrc(8)
        .setPayload(payload, 0, bytes);
    return out.write(wireOut, 0);
  }

  private static short[] padTo(short[] pcm, int have, int want) {
    for (int i = have; i < want; i++) {
      pcm[i] = 0;
    }
    return pcm;
  }
}
