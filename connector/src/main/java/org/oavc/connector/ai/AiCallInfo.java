package org.oavc.connector.ai;

import java.util.Map;

/**
 * The facts about a call that choose and shape its AI session.
 *
 * @param codec negotiated codec name as in SDP (PCMU, PCMA, G722, opus, L16)
 * @param codecRate the codec's audio sample rate (8000 for G.711, 16000 for G.722, 48000 Opus)
 * @param headers SIP headers of the INVITE (first value per name, names as received)
 */
public record AiCallInfo(
    String key,
    String callId,
    String fromUser,
    String toUser,
    String codec,
    int codecRate,
    Map<String, String> headers) {

  public boolean isG711() {
    return "PCMU".equalsIgnoreCase(codec) || "PCMA".equalsIgnoreCase(codec);
  }

  /** Case-insensitive header lookup, null when absent. */
  public String header(String name) {
    for (Map.Entry<String, String> e : headers.entrySet()) {
      if (e.getKey().equalsIgnoreCase(name)) {
        return e.getValue();
      }
    }
    return null;
  }
}
