package org.oavc.connector.testdouble;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import org.oavc.connector.testdouble.Capture.Datagram;

/**
 * Replays a capture's to-opensips datagrams (MI requests, SIPp's SIP) into a double set up like the
 * captured OpenSIPS (same keys, same event source ports, advertised 127.0.0.1:5060), waiting before
 * each input for the outputs the capture shows before it, and collects what comes back.
 */
final class CaptureReplayer implements AutoCloseable {
  /** SIP timestamps come from a sniffer thread and lag the datagram clock by a few ms. */
  private static final Duration SNIFFER_LAG = Duration.ofMillis(20);

  /** How long the earlier input may stay blocked before the other clock's input overtakes it. */
  private static final Duration OVERTAKE_AFTER = Duration.ofMillis(500);

  /** A datagram received by one of the replayer's sockets. */
  record Received(int srcPort, byte[] bytes) {
    String text() {
      return new String(bytes, StandardCharsets.ISO_8859_1);
    }
  }

  final Capture capture;
  final OpenSipsDouble dbl;

  /** False when a captured event port was taken: then only the bytes are compared. */
  final boolean eventPortsFixed;

  final List<Received> miReplies = Collections.synchronizedList(new ArrayList<>());
  final List<Received> events = Collections.synchronizedList(new ArrayList<>());
  final List<Received> sip = Collections.synchronizedList(new ArrayList<>());
  private final DatagramSocket miSocket;
  private final DatagramSocket subscriberSocket;
  private final DatagramSocket sipSocket;
  private final List<Thread> threads = new ArrayList<>();
  private long blockedSince;
  private java.util.function.Predicate<Datagram> pacing = d -> true;
  private long lastSentNanos;
  private Instant lastSentT = Instant.EPOCH;

  CaptureReplayer(Capture capture) throws IOException {
    this.capture = capture;
    List<Integer> eventPorts =
        capture.select("event", false).stream().map(Datagram::srcPort).toList();
    List<Integer> distinct = eventPorts.stream().distinct().toList();
    Iterator<String> keys = capture.keys().iterator();
    Iterator<String> fromTags = capture.outboundFromTags().iterator();
    InetSocketAddress any = new InetSocketAddress("127.0.0.1", 0);
    miSocket = listen(new DatagramSocket(any), miReplies);
    subscriberSocket = listen(new DatagramSocket(any), events);
    sipSocket = listen(new DatagramSocket(any), sip);
    OpenSipsDoubleOptions options =
        new OpenSipsDoubleOptions()
            .setAdvertisedAddress("127.0.0.1:5060")
            .setAdvertisedContact("sip:oavc@127.0.0.1:5060")
            .setFromTagGenerator(() -> fromTags.hasNext() ? fromTags.next() : null)
            .setOutboundTarget((InetSocketAddress) sipSocket.getLocalSocketAddress())
            .setKeyGenerator(() -> keys.hasNext() ? keys.next() : SessionTable.randomKey())
            .setEventSourcePorts(distinct.isEmpty() ? List.of(0) : distinct)
            .setEventWorkerSelector(
                n -> n < eventPorts.size() ? distinct.indexOf(eventPorts.get(n)) : 0);
    OpenSipsDouble started = new OpenSipsDouble(options);
    boolean fixed = started.start().succeeded();
    if (!fixed) {
      // a captured ephemeral port is in use here: fall back to ephemeral ports
      options.setEventSourcePorts(distinct.stream().map(p -> 0).toList());
      started = new OpenSipsDouble(options);
      started.start().toCompletionStage().toCompletableFuture().join();
    }
    this.dbl = started;
    this.eventPortsFixed = fixed;
  }

  /**
   * Sends every input. MI and SIP inputs keep their own order; between the two, the next one sent
   * is the earliest whose preceding outputs have all arrived. The two clocks of the capture
   * (sniffer lag) make a single merged order unreliable. {@code paced} also holds each input back
   * until its captured gap to the previous input has passed, for captures where OpenSIPS' timers
   * matter (12).
   */
  void replay(boolean paced) throws IOException {
    replay(paced, d -> false);
  }

  /** As {@link #replay(boolean)}, restarting the double once, before the first input matching. */
  void replay(boolean paced, java.util.function.Predicate<Datagram> restartBefore)
      throws IOException {
    boolean restarted = false;
    pacing =
        paced
            ? d -> System.nanoTime() - lastSentNanos >= Duration.between(lastSentT, d.t()).toNanos()
            : d -> true;
    lastSentNanos = System.nanoTime();
    lastSentT =
        capture.timeline.stream()
            .filter(Datagram::toOpenSips)
            .findFirst()
            .map(Datagram::t)
            .orElse(Instant.EPOCH);
    Deque<Datagram> mi = new ArrayDeque<>(capture.select("mi", true));
    Deque<Datagram> sipIn = new ArrayDeque<>(capture.select("sip", true));
    while (!mi.isEmpty() || !sipIn.isEmpty()) {
      Datagram next =
          await("next input after " + progress())
              .atMost(Duration.ofSeconds(30))
              .pollInterval(Duration.ofMillis(2))
              .until(() -> pick(mi.peek(), sipIn.peek()), Objects::nonNull);
      lastSentNanos = System.nanoTime();
      lastSentT = next.t();
      if (!restarted && restartBefore.test(next)) {
        dbl.restart();
        restarted = true;
      }
      if (next.channel().equals("mi")) {
        mi.poll();
        byte[] bytes = rewriteSubscriber(next.bytes());
        miSocket.send(new DatagramPacket(bytes, bytes.length, dbl.miAddress()));
      } else {
        sipIn.poll();
        int taken = dbl.sipReceived().size();
        sipSocket.send(new DatagramPacket(next.bytes(), next.bytes().length, dbl.sipAddress()));
        // An input with no output of its own (an ACK) must still reach the double's core before
        // the next input on the other socket does, as it reached OpenSIPS in the capture; else
        // e.g. ua_session_list may still see the 488's transaction the ACK had ended.
        await("the double took SIP input " + next.n())
            .atMost(Duration.ofSeconds(5))
            .pollInterval(Duration.ofMillis(1))
            .until(() -> dbl.sipReceived().size() > taken);
      }
    }
  }

  /**
   * The earlier head when it is ready; the later one only once the earlier has stayed blocked for
   * {@link #OVERTAKE_AFTER} (it then waits for an output only the later input causes).
   */
  private Datagram pick(Datagram mi, Datagram sipIn) {
    Datagram first = mi == null ? sipIn : sipIn == null || mi.t().isBefore(sipIn.t()) ? mi : sipIn;
    Datagram second = first == mi ? sipIn : mi;
    if (ready(first)) {
      blockedSince = 0;
      return first;
    }
    long now = System.nanoTime();
    if (blockedSince == 0) {
      blockedSince = now;
    }
    if (second != null && now - blockedSince >= OVERTAKE_AFTER.toNanos() && ready(second)) {
      blockedSince = 0;
      return second;
    }
    return null;
  }

  /** Waits until every captured output has a counterpart. */
  void awaitAllOutputs() {
    long mi = capture.select("mi", false).size();
    long ev = capture.select("event", false).size();
    long sp = capturedSip().size();
    await("all outputs, have " + progress())
        .atMost(Duration.ofSeconds(10))
        .until(() -> miReplies.size() >= mi && events.size() >= ev && distinctSip() >= sp);
  }

  /**
   * Whether the outputs the capture shows before this input have arrived. Outputs on the same clock
   * count by time; across clocks only those clearly older than the sniffer lag.
   */
  private boolean ready(Datagram in) {
    if (!pacing.test(in)) {
      return false;
    }
    boolean sipInput = in.channel().equals("sip");
    Instant sameClock = in.t();
    Instant otherClock = in.t().minus(SNIFFER_LAG);
    long mi = count("mi", sipInput ? otherClock : sameClock);
    long ev = count("event", sipInput ? otherClock : sameClock);
    long sp = count("sip", sipInput ? sameClock : otherClock);
    return miReplies.size() >= mi && events.size() >= ev && distinctSip() >= sp;
  }

  private long count(String channel, Instant before) {
    List<Datagram> outputs = channel.equals("sip") ? capturedSip() : capture.select(channel, false);
    return outputs.stream().filter(o -> o.t().isBefore(before)).count();
  }

  /** OpenSIPS' own SIP outputs, each distinct datagram once (its retransmissions dropped). */
  List<Datagram> capturedSip() {
    List<Datagram> out = new ArrayList<>();
    for (Datagram d : capture.select("sip", false)) {
      if (out.stream().noneMatch(o -> Arrays.equals(o.bytes(), d.bytes()))) {
        out.add(d);
      }
    }
    return out;
  }

  private String progress() {
    return "mi=" + miReplies.size() + " events=" + events.size() + " sip=" + distinctSip();
  }

  /** Our 2xx retransmissions are not in the capture; count each distinct datagram once. */
  private long distinctSip() {
    synchronized (sip) {
      return sip.stream().map(r -> Arrays.hashCode(r.bytes())).distinct().count();
    }
  }

  List<Received> distinctSipInOrder() {
    List<Received> out = new ArrayList<>();
    synchronized (sip) {
      for (Received r : sip) {
        if (out.stream().noneMatch(o -> Arrays.equals(o.bytes(), r.bytes()))) {
          out.add(r);
        }
      }
    }
    return out;
  }

  /** The harness subscribed udp:127.0.0.1:8089; here the subscriber is an ephemeral socket. */
  private byte[] rewriteSubscriber(byte[] request) {
    String text = new String(request, StandardCharsets.ISO_8859_1);
    String mine = "udp:127.0.0.1:" + subscriberSocket.getLocalPort();
    return text.replace("udp:127.0.0.1:8089", mine).getBytes(StandardCharsets.ISO_8859_1);
  }

  /** Undoes {@link #rewriteSubscriber} in a reply (subscribers_list shows the socket). */
  String restoreSubscriber(String reply) {
    return reply.replace("udp:127.0.0.1:" + subscriberSocket.getLocalPort(), "udp:127.0.0.1:8089");
  }

  private DatagramSocket listen(DatagramSocket socket, List<Received> sink) {
    Thread t =
        new Thread(
            () -> {
              byte[] buf = new byte[65535];
              while (!socket.isClosed()) {
                DatagramPacket p = new DatagramPacket(buf, buf.length);
                try {
                  socket.receive(p);
                } catch (IOException e) {
                  return;
                }
                sink.add(new Received(p.getPort(), Arrays.copyOf(p.getData(), p.getLength())));
              }
            },
            "replay-rx-" + socket.getLocalPort());
    t.setDaemon(true);
    t.start();
    threads.add(t);
    return socket;
  }

  @Override
  public void close() {
    miSocket.close();
    subscriberSocket.close();
    sipSocket.close();
    dbl.stop();
    try {
      for (Thread t : threads) {
        t.join(5000);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
