package org.oavc.connector.ai.guard.impl;

import org.oavc.connector.media.codec.AudioCodec;
import org.oavc.connector.media.codec.AudioCodecs;
import org.oavc.connector.media.codec.Resampler;

/**
 * An echo scenario built through the real media path of a call whose codec runs below the AI side's
 * rate (PCMU under a 16 kHz pipeline, say), the way the speech e2e tests hear it: the agent's audio
 * is resampled to the codec rate and encoded; the caller's phone decodes it, returns it delayed and
 * attenuated under its own line noise (none on a digital line) and optionally a second voice, and
 * encodes that; we decode and resample back up. The guard's reference is what the playout tap
 * gives: the sent frames at the codec rate, resampled up.
 */
final class CodecLineEcho {
  private static final int FRAME_MILLIS = EchoScenario.FRAME_MILLIS;

  private CodecLineEcho() {}

  /**
   * @param codec SDP encoding name at clock 8000 ({@code PCMU}, {@code PCMA}, {@code G722})
   * @param noiseDbfs white line noise at the caller's phone, or below -90 for none (digital
   *     silence)
   * @param callerStartMillis when the second voice joins after the agent starts, or -1
   */
  static EchoScenario build(
      int guardRate,
      String codec,
      short[] agent,
      short[] caller,
      int delayMillis,
      double gainDb,
      double noiseDbfs,
      int callerStartMillis) {
    return build(
        guardRate,
        codec,
        agent,
        caller,
        delayMillis,
        gainDb,
        noiseDbfs,
        callerStartMillis,
        new int[0],
        0);
  }

  /**
   * As above, the echo delay moving by {@code delayStepsMillis[k]} at every {@code stepEveryMillis}
   * of the call, the way it does when a jitter buffer on the path grows or shrinks by frames.
   */
  static EchoScenario build(
      int guardRate,
      String codec,
      short[] agent,
      short[] caller,
      int delayMillis,
      double gainDb,
      double noiseDbfs,
      int callerStartMillis,
      int[] delayStepsMillis,
      int stepEveryMillis) {
    AudioCodec ours = AudioCodecs.create(codec, 8000, 1);
    AudioCodec theirs = AudioCodecs.create(codec, 8000, 1);
    int codecRate = ours.sampleRate();
    int guardFrame = guardRate * FRAME_MILLIS / 1000;
    int codecFrame = codecRate * FRAME_MILLIS / 1000;
    int lead = guardRate * EchoScenario.LEAD_IN_MILLIS / 1000;
    int frames = (lead + agent.length + guardRate) / guardFrame + 1;

    short[] aiAudio = new short[frames * guardFrame];
    System.arraycopy(agent, 0, aiAudio, lead, agent.length);
    short[] sentPcm = resample(aiAudio, guardRate, codecRate, frames);
    short[] heard = codecRoundTrip(sentPcm, ours, theirs, codecFrame);

    double[] line = GuardSignals.noise(sentPcm.length, noiseDbfs, 42);
    if (noiseDbfs < -90) {
      java.util.Arrays.fill(line, 0);
    }
    double gain = Math.pow(10, gainDb / 20);
    int[] delayAt = new int[sentPcm.length];
    int stepEvery = Math.max(1, stepEveryMillis * codecRate / 1000);
    for (int n = 0, delay = delayMillis; n < delayAt.length; n++) {
      int step = n / stepEvery - 1;
      if (n % stepEvery == 0 && step >= 0 && step < delayStepsMillis.length) {
        delay += delayStepsMillis[step];
      }
      delayAt[n] = delay * codecRate / 1000;
    }
    int onset = -1;
    double[] callerMix = new double[sentPcm.length];
    if (callerStartMillis >= 0) {
      short[] voice = resample(caller, guardRate, codecRate, -1);
      int start = (lead + guardRate / 1000 * callerStartMillis) * codecRate / guardRate;
      for (int i = 0; i < voice.length && start + i < callerMix.length; i++) {
        callerMix[start + i] = voice[i];
      }
      onset = EchoScenario.onsetFrame(voice, start, codecFrame, Math.max(noiseDbfs, -60) + 4);
    }
    short[] uplink = new short[sentPcm.length];
    for (int n = 0; n < uplink.length; n++) {
      // The phone scales the echo to 16-bit PCM before mixing, as EchoLine does.
      double echo = n >= delayAt[n] ? GuardSignals.clip(heard[n - delayAt[n]] * gain) : 0;
      uplink[n] = GuardSignals.clip(echo + line[n] + callerMix[n]);
    }
    short[] received = codecRoundTrip(uplink, theirs, ours, codecFrame);
    short[] near = resample(received, codecRate, guardRate, frames);
    short[] far = resample(sentPcm, codecRate, guardRate, frames);
    return new EchoScenario(
        guardRate,
        Math.max(noiseDbfs, -100),
        far,
        near,
        lead / guardFrame,
        (lead + agent.length) / guardFrame,
        onset);
  }

  /** Encodes frame by frame with {@code encoder} and decodes with {@code decoder}. */
  private static short[] codecRoundTrip(
      short[] pcm, AudioCodec encoder, AudioCodec decoder, int frame) {
    short[] out = new short[pcm.length];
    byte[] payload = new byte[encoder.maxEncodedBytes(frame)];
    short[] decoded = new short[AudioCodec.MAX_DECODED_SAMPLES];
    for (int f = 0; (f + 1) * frame <= pcm.length; f++) {
      int bytes = encoder.encode(pcm, f * frame, frame, payload, 0);
      int n = decoder.decode(payload, 0, bytes, decoded, 0);
      System.arraycopy(decoded, 0, out, f * frame, Math.min(n, frame));
    }
    return out;
  }

  /**
   * Resamples in one pass (the streaming resampler gives the same samples frame by frame); the
   * result has {@code frames} frames at the output rate (zero-padded), or its natural length when
   * {@code frames} is negative.
   */
  private static short[] resample(short[] in, int from, int to, int frames) {
    Resampler r = new Resampler(from, to);
    short[] out = new short[r.maxOutputSamples(in.length) + to / 50];
    int n = r.process(in, 0, in.length, out, 0);
    int length = frames < 0 ? n : frames * (to * FRAME_MILLIS / 1000);
    return java.util.Arrays.copyOf(out, length);
  }
}
