package org.oavc.connector.sdp;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import org.oavc.common.net.IpLiteral;
import org.oavc.connector.sdp.impl.CodecCatalog;
import org.oavc.connector.sdp.impl.LocalSection;
import org.oavc.connector.sdp.impl.NegotiationRules;
import org.oavc.connector.sdp.impl.NegotiationRules.RemoteEndpoints;
import org.oavc.connector.sdp.impl.OfferPayloads;
import org.oavc.connector.sdp.impl.SdpWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * RFC 3264 offer/answer for one audio stream per call. Stateless and thread-safe: the state of a
 * call is the {@link SdpNegotiation} passed back in as {@code previous}. CPU only, no I/O.
 */
public final class SdpAnswerer {
  private static final Logger LOG = LoggerFactory.getLogger(SdpAnswerer.class);

  private final SdpAnswererOptions options;
  private final List<String> preferences;
  private final String addressType;
  private final String address;

  /** Counters by "step/outcome", registered once: a registry lookup per call costs more. */
  private final Map<String, Counter> counters = new HashMap<>();

  /**
   * @throws IllegalArgumentException for an address that is no IP literal, unknown codecs or a
   *     default ptime outside 10-60 ms
   */
  public SdpAnswerer(SdpAnswererOptions options) {
    this.options = new SdpAnswererOptions(options);
    String ip = options.getAdvertisedAddress().trim();
    InetAddress a =
        IpLiteral.parse(ip)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "advertised RTP address is not an IP"
                            + " literal: "
                            + options.getAdvertisedAddress()));
    this.addressType = Connection.addressTypeOf(a);
    this.address = ip.startsWith("[") ? ip.substring(1, ip.length() - 1) : ip;
    this.preferences = codecPreferences(options.getCodecPreferences());
    int ptime = options.getDefaultPtimeMs();
    if (ptime < SdpAnswererOptions.MIN_PTIME_MS || ptime > SdpAnswererOptions.MAX_PTIME_MS) {
      throw new IllegalArgumentException("default ptime " + ptime + " ms is outside 10-60 ms");
    }
    MeterRegistry meters = options.getMeterRegistry();
    for (String step : List.of("answer", "offer", "accept")) {
      for (String outcome : List.of("ok", "rejected")) {
        counters.put(
            step + "/" + outcome,
            meters.counter("oavc_sdp_negotiations_total", "step", step, "outcome", outcome));
      }
    }
  }

  /**
   * A codec preference list in canonical names, checked: what the options, SDP_CODECS and the
   * per-flavor lists go through (so a typo fails at start-up, not on a call).
   *
   * @throws IllegalArgumentException for an empty list or a codec this connector cannot run
   */
  public static List<String> codecPreferences(List<String> names) {
    List<String> canonical = new ArrayList<>();
    for (String n : names) {
      canonical.add(
          CodecCatalog.canonicalName(n.trim())
              .orElseThrow(
                  () ->
                      new IllegalArgumentException(
                          "unsupported codec " + n + "; supported: " + CodecCatalog.SUPPORTED)));
    }
    if (canonical.isEmpty()) {
      throw new IllegalArgumentException("codec preference list is empty");
    }
    return List.copyOf(canonical);
  }

  /**
   * RFC 3264 answer to an offer. previous = null for the first offer of a call.
   *
   * @throws SdpException (488) for malformed SDP, no usable audio stream or no common codec
   */
  public SdpNegotiation answer(String offerSdp, int localRtpPort, SdpNegotiation previous)
      throws SdpException {
    return answer(offerSdp, localRtpPort, previous, List.of());
  }

  /**
   * {@link #answer(String, int, SdpNegotiation)} with this call's own codec preferences (e.g. its
   * AI flavor's; checked by {@link #codecPreferences}); an empty list means the options' list.
   */
  public SdpNegotiation answer(
      String offerSdp, int localRtpPort, SdpNegotiation previous, List<String> callPreferences)
      throws SdpException {
    checkPort(localRtpPort);
    List<String> prefs = callPreferences.isEmpty() ? preferences : callPreferences;
    return counted(
        "answer",
        offerSdp,
        () -> buildAnswer(SessionDescription.parse(offerSdp), localRtpPort, previous, prefs));
  }

  /** Our offer, for an INVITE without SDP (offer in the 200) or our own re-INVITE. */
  public SdpNegotiation offer(int localRtpPort, SdpNegotiation previous) {
    return offer(localRtpPort, previous, MediaDirection.SENDRECV);
  }

  /**
   * {@link #offer(int, SdpNegotiation)} listing this call's own codec preferences (empty: ours).
   */
  public SdpNegotiation offer(
      int localRtpPort, SdpNegotiation previous, List<String> callPreferences) {
    return offer(localRtpPort, previous, MediaDirection.SENDRECV, callPreferences);
  }

  /**
   * Our offer with a chosen direction, e.g. SENDONLY to put the caller on hold. With a previous
   * negotiation the codec in use is listed first under its payload type, the session id is kept and
   * the version incremented. The returned codec and telephone-event are our first choice until
   * {@link #acceptAnswer} has the remote side's.
   */
  public SdpNegotiation offer(int localRtpPort, SdpNegotiation previous, MediaDirection direction) {
    return offer(localRtpPort, previous, direction, List.of());
  }

  private SdpNegotiation offer(
      int localRtpPort,
      SdpNegotiation previous,
      MediaDirection direction,
      List<String> callPreferences) {
    checkPort(localRtpPort);
    Codec inUse = previous == null ? null : previous.codec();
    // RFC 3264 section 8: a later offer keeps every m= line of the session, in order.
    List<MediaDescription> before = previous == null ? List.of() : ourMedia(previous);
    int active = activeIndex(before);
    Codec dtmfInUse = telephoneEventInUse(previous, active < 0 ? null : before.get(active));
    List<Codec> payloads =
        OfferPayloads.build(
            callPreferences.isEmpty() ? preferences : callPreferences,
            inUse,
            dtmfInUse,
            options.isTelephoneEvent());
    Codec first = previous == null ? payloads.get(0) : previous.codec();
    // the telephone-event in use while it keeps its number, else the one at the codec's rate
    Integer dtmf =
        payloads.stream()
            .filter(
                c ->
                    dtmfInUse != null
                        && c.isTelephoneEvent()
                        && c.payloadType() == dtmfInUse.payloadType()
                        && c.clockRate() == dtmfInUse.clockRate())
            .findFirst()
            .or(() -> NegotiationRules.chooseTelephoneEvent(payloads, first))
            .map(Codec::payloadType)
            .orElse(null);
    int ptime = previous == null ? options.getDefaultPtimeMs() : previous.ptimeMs();
    boolean mux = previous != null && previous.rtcpMux();
    String protocol = active < 0 ? "RTP/AVP" : before.get(active).protocol();
    LocalSection audio =
        LocalSection.active(localRtpPort, protocol, payloads, ptime, mux, direction);
    List<LocalSection> sections = new ArrayList<>();
    for (MediaDescription m : before) {
      sections.add(m.port() == 0 ? LocalSection.rejected(m) : audio);
    }
    if (active < 0) {
      sections.add(audio);
    }
    long sessionId = previous == null ? newSessionId() : previous.sessionId();
    long version = previous == null ? 1 : previous.sessionVersion() + 1;
    String sdp = write(sessionId, version, sections);
    count("offer", "ok");
    return new SdpNegotiation(
        sdp, first, dtmf, ptime, direction, null, null, mux, sessionId, version);
  }

  /**
   * Completes an offer we made with the remote side's answer (the ACK of a 200 that carried our
   * offer, or the 200 to our re-INVITE): codec and payload types as answered, remote endpoints, and
   * our direction narrowed by the answer. The local SDP, id and version stay the offer's.
   *
   * @throws SdpException (488) for malformed SDP, a refused stream or a codec we did not offer
   */
  public SdpNegotiation acceptAnswer(String answerSdp, SdpNegotiation ourOffer)
      throws SdpException {
    return counted(
        "accept", answerSdp, () -> buildAccepted(SessionDescription.parse(answerSdp), ourOffer));
  }

  /** One negotiation step that may refuse the remote SDP. */
  @FunctionalInterface
  private interface Step {
    SdpNegotiation run() throws SdpException;
  }

  private SdpNegotiation counted(String step, String remoteSdp, Step body) throws SdpException {
    try {
      SdpNegotiation n = body.run();
      count(step, "ok");
      return n;
    } catch (SdpException e) {
      count(step, "rejected");
      LOG.debug("{}: remote SDP refused ({}): {}", step, e.getMessage(), remoteSdp);
      throw e;
    }
  }

  private SdpNegotiation buildAnswer(
      SessionDescription offer, int port, SdpNegotiation previous, List<String> preferences)
      throws SdpException {
    List<String> names =
        NegotiationRules.preferenceOrder(preferences, previous == null ? null : previous.codec());
    List<LocalSection> sections = new ArrayList<>();
    List<String> refusals = new ArrayList<>();
    SdpNegotiation taken = null;
    long sessionId = previous == null ? newSessionId() : previous.sessionId();
    long version = previous == null ? 1 : previous.sessionVersion() + 1;
    for (MediaDescription m : offer.media()) {
      if (taken != null) {
        sections.add(LocalSection.rejected(m)); // one audio stream per call
        continue;
      }
      Optional<Codec> codec = Optional.empty();
      List<Codec> offeredCodecs = List.of();
      if (!m.isAudio()) {
        refusals.add(m.mediaType() + " is not audio");
      } else if (m.port() == 0) {
        refusals.add("audio stream disabled with port 0");
      } else if (!m.isPlainRtp()) {
        refusals.add("audio over " + m.protocol() + " (only RTP/AVP and RTP/AVPF)");
      } else {
        offeredCodecs = m.codecs();
        codec = NegotiationRules.chooseCodec(offeredCodecs, names);
        if (codec.isEmpty()) {
          refusals.add(
              "no common codec (offered "
                  + describe(offeredCodecs)
                  + ", ours "
                  + preferences
                  + ")");
        }
      }
      if (codec.isEmpty()) {
        sections.add(LocalSection.rejected(m));
        continue;
      }
      RemoteEndpoints remote = NegotiationRules.remoteEndpoints(offer, m);
      Codec chosen = codec.get();
      Optional<Codec> dtmf =
          options.isTelephoneEvent()
              ? NegotiationRules.chooseTelephoneEvent(offeredCodecs, chosen)
              : Optional.empty();
      int ptime =
          NegotiationRules.ptime(
              offer.ptimeOf(m), offer.maxptimeOf(m), options.getDefaultPtimeMs(), chosen);
      MediaDirection direction = NegotiationRules.remoteDirection(offer, m, remote).answer();
      List<Codec> payloads = new ArrayList<>();
      payloads.add(chosen.withFmtp(CodecCatalog.localFmtp(chosen)));
      // the offered payload type at its offered rate, e.g. telephone-event/8000 beside Opus
      dtmf.ifPresent(te -> payloads.add(te.withFmtp(CodecCatalog.TELEPHONE_EVENT_FMTP)));
      sections.add(
          LocalSection.active(port, m.protocol(), payloads, ptime, remote.rtcpMux(), direction));
      taken =
          new SdpNegotiation(
              null,
              chosen,
              dtmf.map(Codec::payloadType).orElse(null),
              ptime,
              direction,
              remote.rtp(),
              remote.rtcp(),
              remote.rtcpMux(),
              sessionId,
              version);
    }
    if (taken == null) {
      throw new SdpException("no usable audio stream in the offer: " + String.join("; ", refusals));
    }
    return new SdpNegotiation(
        write(sessionId, version, sections),
        taken.codec(),
        taken.telephoneEventPayloadType(),
        taken.ptimeMs(),
        taken.localDirection(),
        taken.remoteRtp(),
        taken.remoteRtcp(),
        taken.rtcpMux(),
        sessionId,
        version);
  }

  private SdpNegotiation buildAccepted(SessionDescription answer, SdpNegotiation ourOffer)
      throws SdpException {
    List<MediaDescription> offered = ourMedia(ourOffer);
    if (answer.media().size() != offered.size()) {
      throw new SdpException(
          "answer has " + answer.media().size() + " m= lines, our offer " + offered.size());
    }
    int active = activeIndex(offered);
    MediaDescription m = answer.media().get(active);
    if (m.port() == 0) {
      throw new SdpException("answer refused our audio stream (port 0)");
    }
    List<Codec> ours = offered.get(active).codecs();
    List<Codec> answerCodecs = m.codecs();
    Codec chosen = null;
    for (Codec c : answerCodecs) {
      if (!c.isTelephoneEvent() && wasOffered(c, ours) && CodecCatalog.canHandle(c)) {
        chosen = c;
        break;
      }
    }
    if (chosen == null) {
      throw new SdpException("answer has no codec from our offer: " + describe(answerCodecs));
    }
    RemoteEndpoints remote = NegotiationRules.remoteEndpoints(answer, m);
    // any telephone-event rate we offered, as in answers we give (see chooseTelephoneEvent)
    List<Codec> answeredEvents =
        answerCodecs.stream().filter(c -> c.isTelephoneEvent() && wasOffered(c, ours)).toList();
    Integer dtmf =
        NegotiationRules.chooseTelephoneEvent(answeredEvents, chosen)
            .map(Codec::payloadType)
            .orElse(null);
    int ptime =
        NegotiationRules.ptime(answer.ptimeOf(m), answer.maxptimeOf(m), ourOffer.ptimeMs(), chosen);
    MediaDirection answered = NegotiationRules.remoteDirection(answer, m, remote);
    MediaDirection local = ourOffer.localDirection().narrowTo(answered.answer());
    boolean mux = ourOffer.rtcpMux() && remote.rtcpMux();
    return new SdpNegotiation(
        ourOffer.localSdp(),
        chosen,
        dtmf,
        ptime,
        local,
        remote.rtp(),
        mux ? null : remote.rtcp(),
        mux,
        ourOffer.sessionId(),
        ourOffer.sessionVersion());
  }

  /**
   * The telephone-event of the call so far with its clock rate, as our SDP {@code ours} lists it
   * (it may be telephone-event/8000 beside Opus); failing that, at the codec's rate. Null if none.
   */
  private static Codec telephoneEventInUse(SdpNegotiation n, MediaDescription ours) {
    if (n == null || n.telephoneEventPayloadType() == null) {
      return null;
    }
    int pt = n.telephoneEventPayloadType();
    return Optional.ofNullable(ours)
        .flatMap(m -> m.codec(pt))
        .filter(Codec::isTelephoneEvent)
        .orElseGet(() -> new Codec(Codec.TELEPHONE_EVENT, pt, n.codec().clockRate(), 1, null));
  }

  /** True when our offer listed a format of this name and clock rate. */
  private static boolean wasOffered(Codec c, List<Codec> ours) {
    return ours.stream().anyMatch(o -> o.isNamed(c.name()) && o.clockRate() == c.clockRate());
  }

  /** The m= lines of SDP we wrote ourselves. */
  private static List<MediaDescription> ourMedia(SdpNegotiation n) {
    try {
      return SessionDescription.parse(n.localSdp()).media();
    } catch (SdpException e) {
      throw new IllegalArgumentException("not a negotiation of this answerer: " + e.getMessage());
    }
  }

  /** Index of the one stream we take (the only one with a port), or -1. */
  private static int activeIndex(List<MediaDescription> ours) {
    for (int i = 0; i < ours.size(); i++) {
      if (ours.get(i).port() != 0) {
        return i;
      }
    }
    return -1;
  }

  private String write(long sessionId, long version, List<LocalSection> sections) {
    return SdpWriter.write(
        options.getSessionName(), sessionId, version, addressType, address, sections);
  }

  private void count(String step, String outcome) {
    counters.get(step + "/" + outcome).increment();
  }

  private static long newSessionId() {
    // Below 2^32: some older user agents store the o= numbers in 32 bits.
    return ThreadLocalRandom.current().nextLong(1, 1L << 32);
  }

  private static void checkPort(int port) {
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("local RTP port out of range: " + port);
    }
  }

  private static String describe(List<Codec> codecs) {
    return codecs.isEmpty()
        ? "none we know"
        : codecs.stream().map(c -> c.payloadType() + " " + c.rtpmapEncoding()).toList().toString();
  }
}
