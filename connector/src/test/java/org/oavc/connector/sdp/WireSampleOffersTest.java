package org.oavc.connector.sdp;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every SDP body in the E_UA_SESSION INVITE events captured from OpenSIPS 3.4 (NEW, UPDATED and the
 * ANSWERED reply to a connector re-INVITE) is parsed and negotiated.
 */
class WireSampleOffersTest {
  private final SdpAnswerer answerer =
      new SdpAnswerer(new SdpAnswererOptions().setAdvertisedAddress("127.0.0.1"));

  /** An INVITE event with a body: scenario folder, record number, event type, SDP. */
  record InviteEvent(String scenario, long n, String eventType, String sdp) {}

  static List<InviteEvent> inviteEvents() throws IOException {
    Path root = wireSamples();
    List<InviteEvent> events = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root, 2)) {
      for (Path f : files.filter(p -> p.endsWith("datagrams.jsonl")).sorted().toList()) {
        for (String line : Files.readAllLines(f)) {
          JsonObject record = new JsonObject(line);
          if (!"event".equals(record.getString("channel"))) {
            continue;
          }
          JsonObject params;
          try {
            params = new JsonObject(record.getString("text")).getJsonObject("params");
          } catch (DecodeException | ClassCastException e) {
            continue;
          }
          if ("INVITE".equals(params.getString("method"))
              && params.getValue("body") instanceof String body
              && !body.isEmpty()) {
            events.add(
                new InviteEvent(
                    f.getParent().getFileName().toString(),
                    record.getLong("n"),
                    params.getString("event_type"),
                    body));
          }
        }
      }
    }
    return events;
  }

  /**
   * The folder named by the build's oavc.wireSamples property; from a worktree at another depth,
   * the nearest ancestor's shared/wire-samples/opensips-3.4.
   */
  static Path wireSamples() {
    Path configured = Path.of(System.getProperty("oavc.wireSamples", "missing"));
    if (Files.isDirectory(configured)) {
      return configured;
    }
    for (Path p = Path.of("").toAbsolutePath(); p != null; p = p.getParent()) {
      Path candidate = p.resolve("shared/wire-samples/opensips-3.4");
      if (Files.isDirectory(candidate)) {
        return candidate;
      }
    }
    throw new IllegalStateException("wire samples not found (oavc.wireSamples=" + configured + ")");
  }

  @Test
  void everyCapturedOfferIsAnswered() throws Exception {
    List<InviteEvent> events = inviteEvents();
    assertThat(events).extracting(InviteEvent::eventType).contains("NEW", "UPDATED", "ANSWERED");
    assertThat(events.stream().filter(e -> e.eventType().equals("NEW")).count())
        .isGreaterThanOrEqualTo(40);
    for (InviteEvent e : events) {
      if (e.eventType().equals("ANSWERED")) {
        continue;
      }
      SdpNegotiation n = answerer.answer(e.sdp(), 35000, null);
      assertThat(n.codec().name()).as("%s #%d", e.scenario(), e.n()).isEqualTo("G722");
      assertThat(n.codec().sampleRate()).isEqualTo(16000);
      assertThat(n.telephoneEventPayloadType()).isEqualTo(101);
      assertThat(n.ptimeMs()).isEqualTo(20);
      assertThat(n.remoteRtp().getPort()).isEqualTo(6000);
      assertThat(n.remoteRtp().getAddress().isLoopbackAddress()).isTrue();
    }
  }

  @Test
  void ipv6OfferRelayedByOpenSips() throws Exception {
    InviteEvent v6 =
        inviteEvents().stream()
            .filter(e -> e.scenario().equals("16-ipv6"))
            .findFirst()
            .orElseThrow();
    SessionDescription sdp = SessionDescription.parse(v6.sdp());
    assertThat(sdp.origin().addressType()).isEqualTo("IP6");
    assertThat(sdp.origin().address()).isEqualTo("::1"); // written "[::1]" on the wire
    SdpNegotiation n = answerer.answer(v6.sdp(), 35000, null);
    assertThat(n.remoteRtp()).isEqualTo(new InetSocketAddress("::1", 6000));
  }

  @Test
  void holdReInviteOfScenario06IsAnsweredLikeTheAcceptedCapture() throws Exception {
    List<InviteEvent> call =
        inviteEvents().stream().filter(e -> e.scenario().equals("06-reinvite-hold")).toList();
    assertThat(call)
        .extracting(InviteEvent::eventType)
        .containsExactly("NEW", "UPDATED", "UPDATED");
    SdpAnswerer pcmu =
        new SdpAnswerer(
            new SdpAnswererOptions()
                .setAdvertisedAddress("127.0.0.1")
                .setCodecPreferences(List.of("PCMU")));
    SdpNegotiation first = pcmu.answer(call.get(0).sdp(), 40000, null);
    SdpNegotiation hold = pcmu.answer(call.get(1).sdp(), 40000, first);
    SdpNegotiation resume = pcmu.answer(call.get(2).sdp(), 40000, hold);
    // the capture's accepted answers: sendrecv v1, recvonly v2, sendrecv v3, PCMU + 101
    assertThat(List.of(first, hold, resume))
        .extracting(SdpNegotiation::localDirection)
        .containsExactly(MediaDirection.SENDRECV, MediaDirection.RECVONLY, MediaDirection.SENDRECV);
    assertThat(List.of(first, hold, resume))
        .extracting(SdpNegotiation::sessionVersion)
        .containsExactly(1L, 2L, 3L);
    assertThat(resume.localSdp()).contains("m=audio 40000 RTP/AVP 0 101\r\n");
  }

  @Test
  void answerToAConnectorReInviteIsAccepted() throws Exception {
    InviteEvent answered =
        inviteEvents().stream()
            .filter(e -> e.eventType().equals("ANSWERED"))
            .findFirst()
            .orElseThrow();
    SdpNegotiation call = answerer.answer(inviteEvents().get(0).sdp(), 40002, null);
    SdpNegotiation ourOffer = answerer.offer(40002, call);
    SdpNegotiation n = answerer.acceptAnswer(answered.sdp(), ourOffer);
    // SIPp answers with its whole list; its first codec we offered wins
    assertThat(n.codec().name()).isEqualTo("PCMU");
    assertThat(n.telephoneEventPayloadType()).isEqualTo(101);
    assertThat(n.remoteRtp()).isEqualTo(new InetSocketAddress("127.0.0.1", 6000));
    assertThat(n.localDirection()).isEqualTo(MediaDirection.SENDRECV);
  }
}
