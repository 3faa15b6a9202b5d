package org.oavc.connector.ai.impl;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.oavc.connector.ai.AiCallInfo;
import org.oavc.connector.call.Call;
import org.oavc.connector.sdp.Codec;
import org.oavc.connector.sdp.SdpAnswerer;
import org.oavc.connector.sdp.SdpAnswererOptions;
import org.oavc.connector.sdp.SdpException;

/** Builds the {@link AiCallInfo} of a call from what the call layer knows. */
final class CallInfos {
  /** Before the answer without a usable offer: sessions probed then assume G.711. */
  static final String PROVISIONAL_CODEC = "PCMU";

  /**
   * Answers the offer the way the call layer will (the daemon's answerer has the default codec
   * preferences), so a session probed before the answer gets the call's rate, e.g. 16 kHz for
   * G.722. Its negotiation counters go to a registry of its own, not the daemon's.
   */
  private static final SdpAnswerer PREVIEW = new SdpAnswerer(new SdpAnswererOptions());

  private CallInfos() {}

  static AiCallInfo of(Call call) {
    Codec c = call.negotiation() == null ? previewCodec(call) : call.negotiation().codec();
    return new AiCallInfo(
        call.key(),
        call.callId(),
        call.fromUser(),
        call.toUser(),
        c == null ? PROVISIONAL_CODEC : c.name(),
        c == null ? 8000 : c.sampleRate(),
        headers(call.inviteHeaders()));
  }

  /** The codec the answer to the INVITE's offer will choose; null without a usable offer. */
  private static Codec previewCodec(Call call) {
    String offer = call.offerSdp();
    if (offer == null || offer.isBlank()) {
      return null;
    }
    try {
      // the port only appears in the answer text, which is thrown away
      return PREVIEW.answer(offer, call.port() == null ? 9 : call.port(), null).codec();
    } catch (SdpException | RuntimeException e) {
      return null; // the call layer rejects this offer itself
    }
  }

  /** "Name: value" lines (CRLF or LF), first value per name; folded lines join their header. */
  static Map<String, String> headers(String raw) {
    if (raw == null || raw.isEmpty()) {
      return Map.of();
    }
    Map<String, String> out = new LinkedHashMap<>();
    String last = null;
    for (String line : raw.split("\r?\n")) {
      if (line.isEmpty()) {
        continue;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && last != null) {
        String prev = out.get(last);
        if (prev != null) {
          out.put(last, prev + " " + line.strip());
        }
        continue;
      }
      int colon = line.indexOf(':');
      if (colon <= 0) {
        continue; // not a header line: ignored rather than failing the call
      }
      String name = line.substring(0, colon).strip();
      if (!out.containsKey(name)) {
        out.put(name, line.substring(colon + 1).strip());
        last = name;
      } else {
        last = null;
      }
    }
    return Collections.unmodifiableMap(out);
  }
}
