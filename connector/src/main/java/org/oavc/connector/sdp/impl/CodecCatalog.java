package org.oavc.connector.sdp.impl;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.oavc.connector.sdp.Codec;

/** The static payload types of RFC 3551 and the codecs this connector can negotiate. */
public final class CodecCatalog {
  /** Codec preference names we can negotiate, in the default order. */
  public static final List<String> SUPPORTED = List.of("opus", "G722", "PCMU", "PCMA", "L16");

  /** First dynamic payload type we hand out in our own offers. */
  public static final int FIRST_DYNAMIC_PT = 96;

  /** The usual telephone-event payload type for 8 kHz; others get the next free dynamic ones. */
  public static final int TELEPHONE_EVENT_PT = 101;

  /** Our receive preferences for Opus: mono, in-band FEC welcome. */
  public static final String OPUS_FMTP = "useinbandfec=1;stereo=0;sprop-stereo=0";

  /** Telephone events we understand: DTMF 0-9 * # A-D. */
  public static final String TELEPHONE_EVENT_FMTP = "0-15";

  private static final Map<Integer, Codec> STATIC =
      Map.ofEntries(
          Map.entry(0, new Codec("PCMU", 0, 8000, 1, null)),
          Map.entry(3, new Codec("GSM", 3, 8000, 1, null)),
          Map.entry(4, new Codec("G723", 4, 8000, 1, null)),
          Map.entry(5, new Codec("DVI4", 5, 8000, 1, null)),
          Map.entry(6, new Codec("DVI4", 6, 16000, 1, null)),
          Map.entry(7, new Codec("LPC", 7, 8000, 1, null)),
          Map.entry(8, new Codec("PCMA", 8, 8000, 1, null)),
          Map.entry(9, new Codec("G722", 9, 8000, 1, null)),
          Map.entry(10, new Codec("L16", 10, 44100, 2, null)),
          Map.entry(11, new Codec("L16", 11, 44100, 1, null)),
          Map.entry(12, new Codec("QCELP", 12, 8000, 1, null)),
          Map.entry(13, new Codec("CN", 13, 8000, 1, null)),
          Map.entry(15, new Codec("G728", 15, 8000, 1, null)),
          Map.entry(18, new Codec("G729", 18, 8000, 1, null)));

  private CodecCatalog() {}

  /** The RFC 3551 static assignment of a payload type, for formats offered without rtpmap. */
  public static Optional<Codec> staticPayloadType(int pt) {
    return Optional.ofNullable(STATIC.get(pt));
  }

  /** The supported name spelled as we write it, e.g. "OPUS" -> "opus"; empty if unsupported. */
  public static Optional<String> canonicalName(String name) {
    return SUPPORTED.stream().filter(n -> n.equalsIgnoreCase(name)).findFirst();
  }

  /** True when we can send and receive this format (name, clock rate and channels). */
  public static boolean canHandle(Codec c) {
    String name = c.name().toLowerCase(Locale.ROOT);
    return switch (name) {
      case "pcmu", "pcma", "g722" -> c.clockRate() == 8000 && c.channels() == 1;
      // RFC 7587 requires opus/48000/2; some old agents omit the channel count.
      case "opus" -> c.clockRate() == 48000 && (c.channels() == 2 || c.channels() == 1);
      case "l16" -> c.channels() == 1 && c.clockRate() >= 8000 && c.clockRate() <= 48000;
      default -> false;
    };
  }

  /** What we put in our own offer for a supported name; dynamic types get {@code dynamicPt}. */
  public static Codec forOffer(String canonicalName, int dynamicPt) {
    return switch (canonicalName) {
      case "PCMU" -> STATIC.get(0);
      case "PCMA" -> STATIC.get(8);
      case "G722" -> STATIC.get(9);
      case "opus" -> new Codec("opus", dynamicPt, 48000, 2, OPUS_FMTP);
      case "L16" -> new Codec("L16", dynamicPt, 16000, 1, null);
      default -> throw new IllegalArgumentException("unsupported codec " + canonicalName);
    };
  }

  /** True when the codec needs a dynamic payload type in our offer. */
  public static boolean isDynamicInOffer(String canonicalName) {
    return canonicalName.equals("opus") || canonicalName.equals("L16");
  }

  /** Our fmtp for a codec we receive: only Opus has receive parameters worth stating. */
  public static String localFmtp(Codec c) {
    return c.isNamed("opus") ? OPUS_FMTP : null;
  }
}
