package org.oavc.connector.ai;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.oavc.common.audio.G711;
import org.oavc.connector.media.dtmf.TelephoneEvent;

/**
 * The caller's media in tests: a real UDP socket on loopback that streams PCMU RTP every 20 ms (a
 * 440 Hz tone while {@link #talking} is set, else silence), optionally returns the audio it
 * receives in its own stream (a looping line), and counts the loud packets it gets.
 */
public final class PcmuCaller implements AutoCloseable {
  public static final int TELEPHONE_EVENT = 101;

  public final DatagramSocket socket;
  public final AtomicBoolean talking = new AtomicBoolean();
  public final AtomicBoolean loopBack = new AtomicBoolean();

  /** Frames of tone still to send besides {@link #talking}: a burst of exactly that many. */
  public final AtomicInteger burstFrames = new AtomicInteger();

  /** What arrived, one character per packet: 'L' loud, '.' quiet (the first 3000 packets). */
  public final StringBuffer receivedPattern = new StringBuffer();

  public final AtomicInteger loudReceived = new AtomicInteger();
  public final AtomicInteger packetsReceived = new AtomicInteger();
  public final AtomicLong lastLoudNanos = new AtomicLong();
  public final AtomicLong firstLoudNanos = new AtomicLong();
  private volatile InetSocketAddress target;

  /** The local port of the last RTP packet received (which connector node sent it). */
  public final AtomicInteger lastSourcePort = new AtomicInteger();

  /** RTP packets received, by the sender's port (which node sent them). */
  public final java.util.Map<Integer, AtomicInteger> packetsBySource =
      new java.util.concurrent.ConcurrentHashMap<>();

  private final java.util.Queue<byte[]> looped = new java.util.concurrent.ConcurrentLinkedQueue<>();
  private final int ssrc = 0x1234abcd;
  private final Thread sender;
  private final Thread receiver;
  private volatile boolean closed;
  private int seq;
  private int ts;
  private double phase;

  public PcmuCaller(int targetPort) throws IOException {
    this.socket = new DatagramSocket(0, InetAddress.getLoopbackAddress());
    socket.setSoTimeout(100);
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
    sender = new Thread(this::sendLoop, "pcmu-caller-send");
    receiver = new Thread(this::receiveLoop, "pcmu-caller-recv");
    sender.setDaemon(true);
    receiver.setDaemon(true);
    sender.start();
    receiver.start();
  }

  /**
   * Sends from now on to {@code targetPort} (loopback): for a caller whose socket must exist before
   * its peer's port is known (port 0 at construction: nothing is sent until then), or whose call
   * moved (the SDP of a re-INVITE).
   */
  public void sendTo(int targetPort) {
    this.target = new InetSocketAddress(InetAddress.getLoopbackAddress(), targetPort);
  }

  public InetSocketAddress address() {
    return new InetSocketAddress(InetAddress.getLoopbackAddress(), socket.getLocalPort());
  }

  private void sendLoop() {
    long next = System.nanoTime();
    while (!closed) {
      boolean tone = talking.get() || burstFrames.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
      byte[] returned = tone ? null : looped.poll();
      byte[] payload = returned != null ? returned : new byte[160];
      for (int i = 0; returned == null && i < 160; i++) {
        short s = 0;
        if (tone) {
          phase += 2 * Math.PI * 440 / 8000;
          s = (short) (8000 * Math.sin(phase));
        }
        payload[i] = G711.linearToUlaw(s);
      }
      send(0, payload, false);
      ts += 160;
      next += 20_000_000L;
      long wait = next - System.nanoTime();
      if (wait > 0) {
        try {
          Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
        } catch (InterruptedException e) {
          return;
        }
      }
    }
  }

  private synchronized void send(int pt, byte[] payload, boolean marker) {
    if (target.getPort() == 0) {
      return; // no peer yet
    }
    byte[] p = new byte[12 + payload.length];
    p[0] = (byte) 0x80;
    p[1] = (byte) ((marker ? 0x80 : 0) | pt);
    p[2] = (byte) (seq >> 8);
    p[3] = (byte) seq;
    seq = (seq + 1) & 0xffff;
    for (int i = 0; i < 4; i++) {
      p[4 + i] = (byte) (ts >> (24 - 8 * i));
      p[8 + i] = (byte) (ssrc >> (24 - 8 * i));
    }
    System.arraycopy(payload, 0, p, 12, payload.length);
    try {
      socket.send(new DatagramPacket(p, p.length, target));
    } catch (IOException e) {
      // closed while sending: the test is over
    }
  }

  /** One key press as RFC 4733 events (start, updates, end three times). */
  public synchronized void pressKey(char digit) {
    int code = TelephoneEvent.eventOf(digit);
    byte[] event = new byte[4];
    for (int d = 160; d <= 800; d += 160) {
      new TelephoneEvent(code, false, 10, d).write(event, 0);
      send(TELEPHONE_EVENT, event, d == 160);
    }
    for (int i = 0; i < 3; i++) {
      new TelephoneEvent(code, true, 10, 960).write(event, 0);
      send(TELEPHONE_EVENT, event, false);
    }
  }

  private void receiveLoop() {
    byte[] buf = new byte[2048];
    while (!closed) {
      DatagramPacket d = new DatagramPacket(buf, buf.length);
      try {
        socket.receive(d);
      } catch (SocketTimeoutException e) {
        continue;
      } catch (IOException e) {
        return;
      }
      if (d.getLength() < 12 || (buf[1] & 0x7f) != 0) {
        continue; // RTCP or events
      }
      packetsReceived.incrementAndGet();
      lastSourcePort.set(d.getPort());
      packetsBySource.computeIfAbsent(d.getPort(), p -> new AtomicInteger()).incrementAndGet();
      long energy = 0;
      for (int i = 12; i < d.getLength(); i++) {
        int s = G711.ulawToLinear(buf[i] & 0xff);
        energy += (long) s * s;
      }
      boolean loud = energy / (d.getLength() - 12) > 500L * 500L;
      if (receivedPattern.length() < 3000) {
        receivedPattern.append(loud ? 'L' : '.');
      }
      if (loud) {
        loudReceived.incrementAndGet();
        firstLoudNanos.compareAndSet(0, System.nanoTime());
        lastLoudNanos.set(System.nanoTime());
      }
      if (loopBack.get() && d.getLength() == 12 + 160) {
        if (looped.size() >= 2) {
          looped.poll(); // a line, not a recorder: no backlog builds up while we talk
        }
        looped.add(java.util.Arrays.copyOfRange(buf, 12, 12 + 160));
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    closed = true;
    socket.close();
    sender.join(2000);
    receiver.join(2000);
  }
}
