package org.oavc.connector.sdp.impl;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.oavc.common.net.IpLiteral;
import org.oavc.connector.sdp.Codec;
import org.oavc.connector.sdp.Connection;
import org.oavc.connector.sdp.MediaDescription;
import org.oavc.connector.sdp.MediaDirection;
import org.oavc.connector.sdp.SdpAnswererOptions;
import org.oavc.connector.sdp.SdpException;
import org.oavc.connector.sdp.SessionDescription;

/** The choices of offer/answer: codec, DTMF, ptime, direction and the remote endpoints. */
public final class NegotiationRules {

  /** Where the remote side wants RTP and RTCP, and whether it holds the call with c=0.0.0.0. */
  public record RemoteEndpoints(
      InetSocketAddress rtp, InetSocketAddress rtcp, boolean rtcpMux, boolean hold) {}

  private NegotiationRules() {}

  /**
   * The first codec, in the order of {@code names}, that the section lists and we handle. Within
   * one name the remote side's order decides (e.g. L16/16000 before L16/8000).
   */
  public static Optional<Codec> chooseCodec(List<Codec> offered, List<String> names) {
    for (String name : names) {
      for (Codec c : offered) {
        if (c.isNamed(name) && CodecCatalog.canHandle(c)) {
          return Optional.of(c);
        }
      }
    }
    return Optional.empty();
  }

  /** Our preference names, with the codec already in use first so a re-INVITE keeps it. */
  public static List<String> preferenceOrder(List<String> preferences, Codec inUse) {
    List<String> names = new ArrayList<>();
    if (inUse != null) {
      names.add(inUse.name());
    }
    for (String n : preferences) {
      if (inUse == null || !inUse.isNamed(n)) {
        names.add(n);
      }
    }
    return names;
  }

  /**
   * The offered telephone-event for {@code codec}: one at the codec's rtpmap clock rate, else the
   * first offered. RFC 4733 section 2.1 asks for matching rates, but also that events use the audio
   * stream's timestamps; Asterisk, Grandstream, Bria and baresip offer only telephone-event/8000
   * beside Opus and time their events on the audio RTP clock. Refusing it would lose every key
   * press; taking it works with them. We time ours on the audio clock too, and our receiver keys
   * events by timestamp and end bit, whatever rate the SDP declares.
   */
  public static Optional<Codec> chooseTelephoneEvent(List<Codec> offered, Codec codec) {
    return offered.stream()
        .filter(c -> c.isTelephoneEvent() && c.clockRate() == codec.clockRate())
        .findFirst()
        .or(() -> offered.stream().filter(Codec::isTelephoneEvent).findFirst());
  }

  /**
   * The packet duration: the remote's ptime (else our default), at most its maxptime, clamped to
   * 10-60 ms and rounded down to 10 ms steps; Opus has no 30 or 50 ms frames, so one step less.
   */
  public static int ptime(OptionalInt offered, OptionalInt maxptime, int fallback, Codec codec) {
    int p = offered.orElse(fallback);
    if (maxptime.isPresent()) {
      p = Math.min(p, maxptime.getAsInt());
    }
    p = Math.max(SdpAnswererOptions.MIN_PTIME_MS, Math.min(SdpAnswererOptions.MAX_PTIME_MS, p));
    p = p / 10 * 10;
    if (codec.isNamed("opus") && (p == 30 || p == 50)) {
      p -= 10;
    }
    return p;
  }

  /** The remote side's direction; c=0.0.0.0 (RFC 2543 hold) means it does not receive. */
  public static MediaDirection remoteDirection(
      SessionDescription sdp, MediaDescription m, RemoteEndpoints remote) {
    MediaDirection d = sdp.directionOf(m);
    return remote.hold() ? d.narrowTo(MediaDirection.SENDONLY) : d;
  }

  public static RemoteEndpoints remoteEndpoints(SessionDescription sdp, MediaDescription m)
      throws SdpException {
    Connection c =
        sdp.connectionFor(m)
            .orElseThrow(() -> new SdpException("no c= line for the " + m.mediaType() + " stream"));
    InetAddress address = c.inetAddress();
    InetSocketAddress rtp = new InetSocketAddress(address, m.port());
    boolean mux = m.rtcpMux();
    InetSocketAddress rtcp = mux ? null : rtcpAddress(m, address);
    return new RemoteEndpoints(rtp, rtcp, mux, c.isHold());
  }

  /** RFC 3605 {@code a=rtcp:port [IN IP4 addr]}; a malformed one falls back to port + 1. */
  private static InetSocketAddress rtcpAddress(MediaDescription m, InetAddress rtpAddress) {
    int defaultPort = Math.min(m.port() + 1, 65535);
    Optional<String> attr = m.attribute("rtcp");
    if (attr.isEmpty()) {
      return new InetSocketAddress(rtpAddress, defaultPort);
    }
    String[] f = attr.get().trim().split("\\s+");
    try {
      int port = Integer.parseInt(f[0]);
      if (port < 1 || port > 65535) {
        return new InetSocketAddress(rtpAddress, defaultPort);
      }
      InetAddress address = f.length == 4 ? IpLiteral.parse(f[3]).orElse(rtpAddress) : rtpAddress;
      return new InetSocketAddress(address, port);
    } catch (NumberFormatException e) {
      return new InetSocketAddress(rtpAddress, defaultPort);
    }
  }
}
