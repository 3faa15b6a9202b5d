package org.oavc.connector.sdp.impl;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.oavc.connector.sdp.Codec;

/**
 * The payload list of our own offer: the codec in use first (same payload type), then our
 * preferences, then one telephone-event per distinct clock rate, the one in use included (e.g.
 * telephone-event/8000 beside Opus) under its payload type. Static types keep their RFC 3551
 * numbers; dynamic ones get free numbers from 96, telephone-event/8000 preferably 101.
 */
public final class OfferPayloads {
  private final Set<Integer> used = new HashSet<>();
  private final List<Codec> payloads = new ArrayList<>();

  private OfferPayloads() {}

  /**
   * @param preferences canonical names in our order
   * @param inUse codec of the call so far, or null
   * @param telephoneEventInUse telephone-event of the call so far (payload type and rate), or null
   */
  public static List<Codec> build(
      List<String> preferences, Codec inUse, Codec telephoneEventInUse, boolean dtmf) {
    OfferPayloads o = new OfferPayloads();
    if (inUse != null) {
      o.add(inUse.withFmtp(CodecCatalog.localFmtp(inUse)));
    }
    for (String name : preferences) {
      if (inUse != null && inUse.isNamed(name)) {
        continue;
      }
      Codec c = CodecCatalog.forOffer(name, 0);
      if (CodecCatalog.isDynamicInOffer(name) || o.used.contains(c.payloadType())) {
        c = c.withPayloadType(o.nextFree(CodecCatalog.FIRST_DYNAMIC_PT));
      }
      o.add(c);
    }
    if (dtmf) {
      Set<Integer> clocks = new LinkedHashSet<>();
      o.payloads.forEach(c -> clocks.add(c.clockRate()));
      if (telephoneEventInUse != null) {
        clocks.add(telephoneEventInUse.clockRate());
      }
      for (int clock : clocks) {
        int pt;
        if (telephoneEventInUse != null
            && clock == telephoneEventInUse.clockRate()
            && !o.used.contains(telephoneEventInUse.payloadType())) {
          pt = telephoneEventInUse.payloadType();
        } else if (clock == 8000 && !o.used.contains(CodecCatalog.TELEPHONE_EVENT_PT)) {
          pt = CodecCatalog.TELEPHONE_EVENT_PT;
        } else {
          pt = o.nextFree(CodecCatalog.FIRST_DYNAMIC_PT);
        }
        o.add(new Codec(Codec.TELEPHONE_EVENT, pt, clock, 1, CodecCatalog.TELEPHONE_EVENT_FMTP));
      }
    }
    return List.copyOf(o.payloads);
  }

  private void add(Codec c) {
    used.add(c.payloadType());
    payloads.add(c);
  }

  private int nextFree(int from) {
    for (int pt = from; pt <= 127; pt++) {
      // 101 stays free for telephone-event/8000 as long as others are left.
      if (!used.contains(pt) && pt != CodecCatalog.TELEPHONE_EVENT_PT) {
        return pt;
      }
    }
    throw new IllegalStateException("no free dynamic payload type");
  }
}
