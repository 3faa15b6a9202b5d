package org.oavc.connector.media.rtpengine.impl;

import com.dampcake.bencode.Bencode;
import com.dampcake.bencode.BencodeException;
import com.dampcake.bencode.Type;
import io.vertx.core.buffer.Buffer;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** One ng datagram: {@code <cookie> <bencoded dictionary>}. */
record NgMessage(String cookie, Map<String, Object> dict) {
  private static final Bencode BENCODE = new Bencode(StandardCharsets.UTF_8);

  /** Cookies are short printable tokens; anything longer is not one of ours. */
  private static final int MAX_COOKIE = 64;

  Buffer encode() {
    return Buffer.buffer(cookie + " ").appendBytes(BENCODE.encode(dict));
  }

  /** The cookie of a datagram, or null when it does not start with one. */
  static String cookieOf(Buffer data) {
    int n = Math.min(data.length(), MAX_COOKIE + 1);
    for (int i = 1; i < n; i++) {
      if (data.getByte(i) == ' ') {
        return data.getString(0, i, StandardCharsets.US_ASCII.name());
      }
    }
    return null;
  }

  /** The dictionary after the cookie, or null when the rest is not one bencoded dictionary. */
  static Map<String, Object> dictOf(Buffer data, String cookie) {
    byte[] body = data.getBytes(cookie.length() + 1, data.length());
    if (body.length == 0 || body[0] != 'd') {
      return null;
    }
    try {
      return BENCODE.decode(body, Type.DICTIONARY);
    } catch (BencodeException | IllegalArgumentException | ClassCastException e) {
      return null;
    }
  }
}
