package org.oavc.connector.speech;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import org.oavc.connector.media.codec.AudioCodec;
import org.oavc.connector.media.codec.AudioCodecs;
import org.oavc.connector.media.rtp.RtpPacket;
import org.oavc.connector.media.rtp.RtpValidation;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The caller's phone on loopback: a real UDP socket that sends the caller's voice as PCMU or G.722
 * RTP every 20 ms (silence between utterances, as a phone does), records every audio packet the
 * connector sends back (decoded, arrival times kept) and can loop that audio back into the uplink
 * like an echoing line. SIPp does the signalling and offers this socket's address in its SDP; SIPp
 * cannot record RTP, so all the audio of a speech test is this peer's.
 *
 * <p>The connector's address is the source of its first RTP packet (the connector sends at once
 * from its SDP-answer port) unless {@link #sendTo} names it first. Nothing is sent before that.
 */
public final class CallerMedia implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(CallerMedia.class);
  private static final int PTIME_MS = 20;
  private static final long PTIME_NANOS = PTIME_MS * 1_000_000L;

  /** The codec the caller offers (alone, plus telephone-event) and speaks. */
  public enum Codec {
    PCMU(0, "PCMU/8000"),
    G722(9, "G722/8000");

    public final int payloadType;
    public final String rtpmap;

    Codec(int payloadType, String rtpmap) {
      this.payloadType = payloadType;
      this.rtpmap = rtpmap;
    }

    AudioCodec create() {
      return AudioCodecs.create(name(), 8000, 1);
    }
  }

  /** When an utterance went out: its first and last frames holding speech, on nanoTime. */
  public record Spoken(long firstSpeechNanos, long lastSpeechNanos) {}

  private record Utterance(short[] pcm, CompletableFuture<Spoken> done) {}

  private final Codec codec;
  private final AudioCodec encoder;
  private final AudioCodec decoder;
  private final int frameSamples;
  private final DatagramSocket socket;
  private final RtpRecording recording;
  private final EchoLine echo = new EchoLine();
  private final Queue<Utterance> utterances = new ConcurrentLinkedQueue<>();
  private final AtomicLong sent = new AtomicLong();
  private final AtomicLong ignored = new AtomicLong();
  private final Thread sender;
  private final Thread receiver;
  private volatile InetSocketAddress remote;
  private volatile boolean closed;

  private CallerMedia(Codec codec) throws SocketException {
    this.codec = codec;
    this.encoder = codec.create();
    this.decoder = codec.create();
    this.frameSamples = encoder.samplesPerFrame(PTIME_MS);
    this.socket = new DatagramSocket(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
    this.recording = new RtpRecording(encoder.sampleRate());
    this.sender = new Thread(this::sendLoop, "caller-media-tx-" + socket.getLocalPort());
    this.receiver = new Thread(this::receiveLoop, "caller-media-rx-" + socket.getLocalPort());
  }

  /** Binds a loopback port and starts the send and receive threads. */
  public static CallerMedia open(Codec codec) throws IOException {
    CallerMedia media = new CallerMedia(codec);
    media.sender.setDaemon(true);
    media.receiver.setDaemon(true);
    media.sender.start();
    media.receiver.start();
    return media;
  }

  public Codec codec() {
    return codec;
  }

  /** PCM rate of what {@link #say} takes and {@link #received} holds (16000 for G.722). */
  public int sampleRate() {
    return encoder.sampleRate();
  }

  /** The socket SIPp's SDP offer names. */
  public InetSocketAddress localAddress() {
    return (InetSocketAddress) socket.getLocalSocketAddress();
  }

  /** The connector's RTP address, when known (set, or latched from its first packet). */
  public InetSocketAddress remote() {
    return remote;
  }

  public void sendTo(InetSocketAddress connector) {
    this.remote = connector;
  }

  /**
   * Queues {@code pcm} (at {@link #sampleRate()}) after what is queued; completes when its last
   * frame went out.
   */
  public CompletableFuture<Spoken> say(short[] pcm) {
    CompletableFuture<Spoken> done = new CompletableFuture<>();
    utterances.add(new Utterance(pcm, done));
    return done;
  }

  /**
   * Loops the connector's audio back into the uplink after {@code delayMillis}, at {@code gainDb}.
   */
  public void echo(int delayMillis, double gainDb) {
    echo.enable(delayMillis, gainDb);
  }

  public void echoOff() {
    echo.disable();
  }

  /** What the connector sent us. */
  public RtpRecording received() {
    return recording;
  }

  public long packetsSent() {
    return sent.get();
  }

  /** Datagrams that were not audio in our codec: RTCP, telephone-event, garbage. */
  public long packetsIgnored() {
    return ignored.get();
  }

  private void sendLoop() {
    RtpPacket packet =
        new RtpPacket()
            .setPayloadType(codec.payloadType)
            .setSsrc(ThreadLocalRandom.current().nextInt());
    int sequence = ThreadLocalRandom.current().nextInt(0x10000);
    int timestamp = ThreadLocalRandom.current().nextInt();
    byte[] out = new byte[RtpPacket.HEADER_SIZE + encoder.maxEncodedBytes(frameSamples)];
    Utterance current = null;
    int position = 0;
    long firstSpeech = -1;
    long lastSpeech = -1;
    long next = System.nanoTime();
    while (!closed) {
      LockSupport.parkNanos(next - System.nanoTime());
      long now = System.nanoTime();
      next += PTIME_NANOS;
      if (next < now - 5 * PTIME_NANOS) {
        next = now + PTIME_NANOS; // the machine stalled: resume the clock instead of bursting
      }
      InetSocketAddress to = remote;
      if (to == null) {
        continue;
      }
      short[] frame = new short[frameSamples];
      if (current == null && (current = utterances.poll()) != null) {
        position = 0;
        firstSpeech = -1;
        lastSpeech = -1;
      }
      if (current != null) {
        int n = Math.min(frameSamples, current.pcm().length - position);
        System.arraycopy(current.pcm(), position, frame, 0, n);
        position += n;
        if (Pcm.rms(frame) >= Pcm.SPEECH_RMS) {
          firstSpeech = firstSpeech < 0 ? now : firstSpeech;
          lastSpeech = now;
        }
        if (position >= current.pcm().length) {
          current.done().complete(new Spoken(firstSpeech, lastSpeech));
          current = null;
        }
      }
      echo.mixDue(frame, now);
      packet.setSequenceNumber(sequence++ & 0xFFFF).setTimestamp(timestamp);
      timestamp += encoder.timestampIncrement(PTIME_MS);
      int header = packet.setPayload(out, 0, 0).write(out, 0);
      int length = header + encoder.encode(frame, 0, frameSamples, out, header);
      try {
        socket.send(new DatagramPacket(out, length, to));
        sent.incrementAndGet();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("caller media send to {} failed: {}", to, e.toString());
        }
      }
    }
    Utterance left = current;
    if (left != null) {
      left.done().cancel(false);
    }
    utterances.forEach(u -> u.done().cancel(false));
  }

  private void receiveLoop() {
    byte[] buf = new byte[2048];
    DatagramPacket datagram = new DatagramPacket(buf, buf.length);
    RtpPacket packet = new RtpPacket();
    short[] pcm = new short[AudioCodec.MAX_DECODED_SAMPLES];
    while (!closed) {
      try {
        datagram.setLength(buf.length);
        socket.receive(datagram);
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("caller media receive failed: {}", e.toString());
        }
        return;
      }
      long arrival = System.nanoTime();
      if (packet.parse(buf, 0, datagram.getLength()) != RtpValidation.VALID
          || packet.payloadType() != codec.payloadType) {
        ignored.incrementAndGet();
        continue;
      }
      if (remote == null) {
        remote = (InetSocketAddress) datagram.getSocketAddress();
      }
      int n;
      try {
        n =
            decoder.decode(
                packet.payloadBuffer(), packet.payloadOffset(), packet.payloadLength(), pcm, 0);
      } catch (RuntimeException corrupt) {
        ignored.incrementAndGet();
        continue;
      }
      short[] frame = java.util.Arrays.copyOf(pcm, n);
      recording.add(
          new RtpRecording.Frame(
              arrival, packet.sequenceNumber(), Integer.toUnsignedLong(packet.timestamp()), frame));
      echo.heard(arrival, frame);
    }
  }

  @Override
  public void close() {
    closed = true;
    socket.close();
    LockSupport.unpark(sender);
    try {
      sender.join(2000);
      receiver.join(2000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
