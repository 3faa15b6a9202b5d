package org.oavc.connector.phone;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.net.URI;
import java.util.List;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;

/**
 * The browser phone's settings, the one reader of PHONE_*.
 *
 * @param enabled whether GET /phone is served at all
 * @param sipWebSocketUrl OpenSIPS's SIP WebSocket the page connects to (ws:// or wss://)
 * @param target the SIP URI the page calls
 * @param iceServers STUN/TURN URLs for the page's peer connection (none: host candidates only)
 * @param maxFeeds transcript feeds open at once; more get 503
 */
public record PhoneOptions(
    boolean enabled, URI sipWebSocketUrl, URI target, List<String> iceServers, int maxFeeds) {

  /** PHONE_ENABLED, PHONE_SIP_WS_URL, PHONE_TARGET, PHONE_ICE_SERVERS, PHONE_FEEDS_MAX. */
  public static PhoneOptions fromSettings(Settings s) {
    URI ws = uri(s, "PHONE_SIP_WS_URL");
    if (!"ws".equals(ws.getScheme()) && !"wss".equals(ws.getScheme()) || ws.getHost() == null) {
      throw new ConfigException(
          "setting PHONE_SIP_WS_URL=" + ws + " must be a ws:// or wss:// URL with a host");
    }
    URI target = uri(s, "PHONE_TARGET");
    if (!"sip".equals(target.getScheme()) || hostOf(target) == null) {
      throw new ConfigException(
          "setting PHONE_TARGET=" + target + " must be a sip: URI with a host (sip:agent@host)");
    }
    List<String> ice = s.list("PHONE_ICE_SERVERS");
    for (String u : ice) {
      if (!u.matches("(stun|stuns|turn|turns):[^\\s\"<>]+")) {
        throw new ConfigException(
            "setting PHONE_ICE_SERVERS: " + u + " is not a stun:, stuns:, turn: or turns: URL");
      }
    }
    return new PhoneOptions(
        s.bool("PHONE_ENABLED"), ws, target, ice, s.integer("PHONE_FEEDS_MAX", 1, 10_000));
  }

  /** What GET /phone/config gives the page. */
  public JsonObject pageConfig() {
    JsonArray servers = new JsonArray();
    iceServers.forEach(u -> servers.add(new JsonObject().put("urls", u)));
    return new JsonObject()
        .put("sipWsUrl", sipWebSocketUrl.toString())
        .put("target", target.toString())
        .put("domain", hostOf(target))
        .put("iceServers", servers);
  }

  private static URI uri(Settings s, String key) {
    String v = s.string(key).trim();
    try {
      return URI.create(v);
    } catch (IllegalArgumentException e) {
      throw new ConfigException("setting " + key + "=" + v + " is not a URI: " + e.getMessage());
    }
  }

  /** The host of sip:user@host[:port][;params] (an opaque URI to java.net.URI). */
  private static String hostOf(URI sip) {
    String rest = sip.getSchemeSpecificPart();
    if (rest == null) {
      return null;
    }
    rest = rest.substring(rest.indexOf('@') + 1);
    int end = rest.length();
    if (rest.startsWith("[")) {
      end = rest.indexOf(']') + 1; // an IPv6 reference holds colons of its own
    } else {
      for (char c : new char[] {':', ';', '?'}) {
        int i = rest.indexOf(c);
        if (i >= 0) {
          end = Math.min(end, i);
        }
      }
    }
    if (end <= 0) {
      return null;
    }
    String host = rest.substring(0, end);
    return host.matches("[A-Za-z0-9.-]+|\\[[0-9A-Fa-f:.]+]") ? host : null;
  }
}
