package org.oavc.connector.media.session.impl;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import org.oavc.connector.media.codec.AudioCodec;
import org.oavc.connector.media.codec.Resampler;
import org.oavc.connector.media.dtmf.DtmfPacket;
import org.oavc.connector.media.dtmf.DtmfSender;
import org.oavc.connector.media.rtcp.RtpSenderStats;
import org.oavc.connector.media.rtp.RtpPacket;

/**
 * Our outgoing RTP stream. {@link #play} resamples and encodes into whole frames at once (on the
 * caller's thread, so the shared clock thread only sends); {@link #tick} sends exactly one packet
 * per frame time: DTMF first, then queued audio, else encoded silence, with continuous sequence
 * numbers and timestamps. All methods are thread-safe (one lock, held briefly).
 *
 * <p>Each queued frame keeps its mono PCM next to the encoded payload, so {@link #tick} can report
 * exactly the audio it sent (the echo guard's reference) without decoding.
 */
final class RtpSender {
  /** Where a finished packet goes; null-safe decisions (direction, address) are the session's. */
  interface Transmit {
    /**
     * @return true when the packet went out (false: nowhere to send now)
     */
    boolean send(byte[] packet, int length);
  }

  private final Transmit transmit;
  private final RtpPacket packet = new RtpPacket();
  private final byte[] wire = new byte[1500];

  /** An encoded frame and the mono PCM (codec rate) it was encoded from. */
  private record QueuedFrame(byte[] payload, short[] pcm) {}

  private final ArrayDeque<QueuedFrame> frames = new ArrayDeque<>();
  private final ArrayDeque<DtmfPacket> dtmf = new ArrayDeque<>();
  private final Map<Integer, Resampler> resamplers = new HashMap<>();
  private final RtpSenderStats stats;
  private final int ssrc;
  private int sequence = ThreadLocalRandom.current().nextInt(0x10000);
  private int timestamp = ThreadLocalRandom.current().nextInt();
  private AudioCodec codec;
  private int payloadType;
  private int timestampsPerFrame;
  private int samplesPerFrame;
  private Integer telephoneEvent;
  private DtmfSender dtmfSender;
  private byte[] silence = new byte[0];
  private short[] partial = new short[0];
  private short[] partialMono = new short[0];
  private int partialLength;
  private int partialMonoLength;

  /** Mono zeros of one frame: what the tap sees for silence and telephone events. */
  private short[] silentPcm = new short[0];

  private int ptimeMs;
  private short[] scratch = new short[0];
  private byte[] encoded = new byte[0];
  private boolean talkspurt;

  /** Held: silence goes out while the queue (and a partial frame) waits untouched. */
  private boolean paused;

  private boolean first = true;
  private long packetsSent;

  RtpSender(int ssrc, Transmit transmit) {
    this.ssrc = ssrc;
    this.transmit = transmit;
    this.stats = new RtpSenderStats(ssrc);
  }

  /** Sets up (or changes) the codec; queued audio of an old codec is dropped. */
  synchronized void configure(
      AudioCodec codec,
      AudioCodec silenceCodec,
      int payloadType,
      int ptimeMs,
      Integer telephoneEvent,
      int dtmfVolume) {
    if (this.codec != null
        && this.codec.name().equals(codec.name())
        && this.payloadType == payloadType
        && timestampsPerFrame == codec.timestampIncrement(ptimeMs)) {
      this.telephoneEvent = telephoneEvent;
      return; // a re-INVITE that kept the codec: keep encoder state and queue
    }
    this.codec = codec;
    this.payloadType = payloadType;
    this.timestampsPerFrame = codec.timestampIncrement(ptimeMs);
    this.samplesPerFrame = codec.samplesPerFrame(ptimeMs) * codec.channels();
    this.telephoneEvent = telephoneEvent;
    this.dtmfSender = new DtmfSender(codec.payloadClockRate(), ptimeMs, dtmfVolume);
    encoded = new byte[codec.maxEncodedBytes(samplesPerFrame)];
    silence = silenceCodec.encode(new short[samplesPerFrame], 0, samplesPerFrame);
    partial = new short[samplesPerFrame];
    partialMono = new short[samplesPerFrame / codec.channels()];
    silentPcm = new short[samplesPerFrame / codec.channels()];
    this.ptimeMs = ptimeMs;
    partialLength = 0;
    partialMonoLength = 0;
    frames.clear();
    resamplers.clear();
  }

  /** Queues mono PCM at {@code sampleRate}; encoded into frames now, sent one per tick. */
  synchronized void play(short[] pcm, int off, int len, int sampleRate) {
    if (codec == null) {
      return;
    }
    short[] in = pcm;
    int inOff = off;
    int inLen = len;
    if (sampleRate != codec.sampleRate()) {
      Resampler r =
          resamplers.computeIfAbsent(sampleRate, rate -> new Resampler(rate, codec.sampleRate()));
      int max = r.maxOutputSamples(len);
      if (scratch.length < max) {
        scratch = new short[max];
      }
      inLen = r.process(pcm, off, len, scratch, 0);
      in = scratch;
      inOff = 0;
    }
    int channels = codec.channels();
    for (int i = 0; i < inLen; i++) {
      partialMono[partialMonoLength++] = in[inOff + i];
      for (int c = 0; c < channels; c++) {
        partial[partialLength++] = in[inOff + i];
      }
      if (partialLength == samplesPerFrame) {
        encodePartial();
      }
    }
  }

  private void encodePartial() {
    int n = codec.encode(partial, 0, samplesPerFrame, encoded, 0);
    frames.add(
        new QueuedFrame(Arrays.copyOf(encoded, n), Arrays.copyOf(partialMono, partialMonoLength)));
    partialLength = 0;
    partialMonoLength = 0;
  }

  /** Drops queued audio (barge-in). A DTMF event in progress finishes. */
  synchronized void flush() {
    frames.clear();
    partialLength = 0;
    partialMonoLength = 0;
  }

  /**
   * Holds the queued audio (onset of a possible barge-in): from the next tick on silence goes out
   * and nothing is dequeued, so {@link #queuedMillis} stays what it was; idempotent.
   */
  synchronized void pause() {
    paused = true;
  }

  /** Sends the held audio again from where it stopped, with the next tick; idempotent. */
  synchronized void resume() {
    paused = false;
  }

  synchronized boolean paused() {
    return paused;
  }

  /** Queues one digit's events; false when telephone-event was not negotiated. */
  synchronized boolean sendDtmf(char digit, int durationMillis) {
    if (telephoneEvent == null || dtmfSender == null) {
      return false;
    }
    int start = timestamp + (int) ((long) dtmf.size() * timestampsPerFrame);
    dtmf.addAll(dtmfSender.packets(digit, durationMillis, start));
    return true;
  }

  synchronized int queuedFrames() {
    return frames.size() + (partialLength > 0 ? 1 : 0);
  }

  /** Milliseconds of audio queued and not yet sent (whole frames plus the partial one). */
  synchronized int queuedMillis() {
    if (codec == null) {
      return 0;
    }
    return frames.size() * ptimeMs + (int) ((long) partialMonoLength * 1000 / codec.sampleRate());
  }

  /** The sampling rate of the PCM {@link #tick} returns (the codec's), 0 before configuration. */
  synchronized int pcmRate() {
    return codec == null ? 0 : codec.sampleRate();
  }

  /**
   * One frame time passed: sends one packet (or nothing when we must not send).
   *
   * @return the mono PCM (codec rate) of the frame that went out: the queued audio, or zeros for
   *     silence and telephone events; null when nothing was sent. Owned by the sender: copy it.
   */
  synchronized short[] tick(boolean mayPlay) {
    if (codec == null) {
      return null;
    }
    if (!mayPlay) {
      // Hold/recvonly: audio is not sent, but the RTP clock runs on (continuous timestamps).
      timestamp += timestampsPerFrame;
      talkspurt = false;
      return null;
    }
    short[] sentPcm = silentPcm;
    DtmfPacket event = dtmf.poll();
    if (event != null && telephoneEvent != null) {
      packet
          .clear()
          .setPayloadType(telephoneEvent)
          .setMarker(event.marker())
          .setTimestamp(event.timestamp())
          .setPayload(event.payload(), 0, event.payload().length);
      talkspurt = false;
    } else {
      QueuedFrame queued = paused ? null : frames.poll();
      if (queued == null && partialLength > 0 && !paused) {
        Arrays.fill(partial, partialLength, samplesPerFrame, (short) 0);
        Arrays.fill(partialMono, partialMonoLength, partialMono.length, (short) 0);
        partialMonoLength = partialMono.length;
        encodePartial();
        queued = frames.poll();
      }
      byte[] payload;
      boolean marker;
      if (queued != null) {
        payload = queued.payload();
        sentPcm = queued.pcm();
        marker = !talkspurt; // first frame of speech after silence starts a talkspurt
        talkspurt = true;
      } else {
        payload = silence;
        marker = first;
        talkspurt = false;
      }
      packet
          .clear()
          .setPayloadType(payloadType)
          .setMarker(marker)
          .setTimestamp(timestamp)
          .setPayload(payload, 0, payload.length);
    }
    packet.setSsrc(ssrc).setSequenceNumber(sequence);
    int n = packet.write(wire, 0);
    boolean sent = transmit.send(wire, n);
    if (sent) {
      sequence = (sequence + 1) & 0xFFFF;
      stats.onPacketSent(packet.payloadLength());
      packetsSent++;
      first = false;
    }
    timestamp += timestampsPerFrame;
    return sent ? sentPcm : null;
  }

  synchronized long packetsSent() {
    return packetsSent;
  }

  int ssrc() {
    return ssrc;
  }

  /** Sender statistics and the RTP time of the next packet, read together for an SR. */
  synchronized <T> T withStats(java.util.function.BiFunction<RtpSenderStats, Integer, T> f) {
    return f.apply(stats, timestamp);
  }
}
