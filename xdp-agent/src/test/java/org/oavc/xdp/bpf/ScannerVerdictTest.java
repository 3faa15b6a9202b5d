package org.oavc.xdp.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The signature automaton against a plain search: random payloads, many holding a signature in
 * random case at a random place (straddling the scan window's end too), must get the verdict a
 * byte-by-byte search of the first SCAN_BYTES gives.
 */
class ScannerVerdictTest extends VerdictFixture {
  private static final String HEAD = "REGISTER sip:example.com SIP/2.0\r\nX: ";
  private static final byte[] ALPHABET =
      "sSiIpPvVcClLyYaAxXuUnNdDrRfFeE-/@1.>gGtThHoO \r\n".getBytes(StandardCharsets.US_ASCII);

  @Test
  void automatonAgreesWithAPlainSearch() throws IOException {
    List<String> signatures = signatures();
    int scanBytes = FilterHeader.define("SCAN_BYTES");
    Random random = new Random(20261207);
    int hits = 0;
    for (int round = 0; round < 3000; round++) {
      byte[] body = new byte[random.nextInt(scanBytes + 64)];
      for (int i = 0; i < body.length; i++) {
        body[i] =
            random.nextInt(12) == 0
                ? (byte) random.nextInt(256)
                : ALPHABET[random.nextInt(ALPHABET.length)];
      }
      if (random.nextBoolean() && body.length > 20) {
        String sig = signatures.get(random.nextInt(signatures.size()));
        int at = random.nextInt(body.length);
        for (int j = 0; j < sig.length() && at + j < body.length; j++) {
          char c = sig.charAt(j);
          body[at + j] = (byte) (random.nextBoolean() ? Character.toUpperCase(c) : c);
        }
      }
      byte[] payload = new byte[HEAD.length() + body.length];
      System.arraycopy(HEAD.getBytes(StandardCharsets.US_ASCII), 0, payload, 0, HEAD.length());
      System.arraycopy(body, 0, payload, HEAD.length(), body.length);
      boolean expected = contains(payload, Math.min(payload.length, scanBytes), signatures);
      hits += expected ? 1 : 0;
      assertThat(verdict(Frames.from("192.0.2.10").udp(payload)))
          .as("round %d: %s", round, new String(payload, StandardCharsets.ISO_8859_1))
          .isEqualTo(expected ? Reason.DROP_SCANNER : Reason.PASS_SIP);
    }
    assertThat(hits).as("payloads holding a signature").isBetween(500, 2500);
  }

  /**
   * The scan walks the payload in two lanes that meet in the middle (sip_parse.h); a signature
   * across the meeting point, at any offset, is found: lane A runs on past it.
   */
  @Test
  void signaturesAcrossTheLaneBoundaryAreFound() throws IOException {
    String sig = "friendly-scanner";
    for (int n : new int[] {40, 64, 100, 255, 256, 300, 480, 511, 512}) {
      int half = ((n + 1) / 2 + 15) & ~15;
      for (int start = Math.max(HEAD.length(), half - 17); start <= half + 1; start++) {
        byte[] payload =
            ("REGISTER sip:example.com SIP/2.0\r\nX: " + "z".repeat(n))
                .substring(0, n)
                .getBytes(StandardCharsets.US_ASCII);
        if (start + sig.length() > n) {
          continue;
        }
        System.arraycopy(sig.getBytes(StandardCharsets.US_ASCII), 0, payload, start, sig.length());
        assertThat(verdict(Frames.from("192.0.2.10").udp(payload)))
            .as("payload of %d bytes, signature at %d (lanes meet at %d)", n, start, half)
            .isEqualTo(Reason.DROP_SCANNER);
      }
    }
  }

  /** The signatures of bpf/sip_signatures.h, the list the automaton is generated from. */
  static List<String> signatures() throws IOException {
    String text = Files.readString(Path.of("..", "bpf", "sip_signatures.h"));
    Matcher m = Pattern.compile("X\\(\"([^\"]+)\"\\)").matcher(text);
    List<String> out = new ArrayList<>();
    while (m.find()) {
      out.add(m.group(1));
    }
    assertThat(out).hasSizeGreaterThanOrEqualTo(8);
    return out;
  }

  /** A signature ends within the first n bytes (ASCII letters compared without case). */
  static boolean contains(byte[] b, int n, List<String> signatures) {
    for (String sig : signatures) {
      for (int i = 0; i + sig.length() <= n; i++) {
        int j = 0;
        while (j < sig.length() && lower(b[i + j]) == sig.charAt(j)) {
          j++;
        }
        if (j == sig.length()) {
          return true;
        }
      }
    }
    return false;
  }

  private static int lower(byte b) {
    int c = b & 0xff;
    return c >= 'A' && c <= 'Z' ? c + 32 : c;
  }
}
