package org.oavc.connector.media.codec;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The per-frame codec work allocates nothing once warm: every allocation on the media threads feeds
 * the young collections whose pauses stall all streams at once.
 */
class PacketPathAllocationTest {
  private static long allocatedBytes() {
    return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
        .getCurrentThreadAllocatedBytes();
  }

  @ParameterizedTest
  @ValueSource(strings = {"PCMU", "PCMA", "G722"})
  void decodeResampleResampleEncodeAllocateNothingPerFrame(String name) {
    AudioCodec codec = AudioCodecs.create(name, 8000, 1);
    int samples = codec.samplesPerFrame(20);
    Resampler toAi = new Resampler(codec.sampleRate(), 16000);
    Resampler fromAi = new Resampler(16000, codec.sampleRate());
    short[] pcm = CodecSignals.speechLike(codec.sampleRate(), samples, 5);
    byte[] payload = new byte[codec.maxEncodedBytes(samples)];
    short[] decoded = new short[AudioCodec.MAX_DECODED_SAMPLES];
    short[] ai = new short[toAi.maxOutputSamples(samples)];
    short[] back = new short[fromAi.maxOutputSamples(ai.length)];
    int frames = 2000;
    long[] run = new long[2];
    for (int round = 0; round < 2; round++) { // the first round warms up (work arrays, class init)
      long before = allocatedBytes();
      for (int f = 0; f < frames; f++) {
        int n = codec.encode(pcm, 0, samples, payload, 0);
        int d = codec.decode(payload, 0, n, decoded, 0);
        int a = toAi.process(decoded, 0, d, ai, 0);
        fromAi.process(ai, 0, a, back, 0);
      }
      run[round] = allocatedBytes() - before;
    }
    // Slack for one-off allocations of the VM (seen: 1 KB while the JIT swaps code in); a single
    // allocation per frame would be at least 16 bytes x 2000 frames = 32 KB.
    assertThat(run[1]).as("bytes allocated over %d frames", frames).isLessThan(8 * 1024);
  }
}
