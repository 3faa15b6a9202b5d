package org.oavc.connector.sdp;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** The SDP offers under src/test/resources/sdp/, byte-exact (CRLF or LF as written). */
final class SdpCorpus {
  private SdpCorpus() {}

  static String read(String name) {
    try (InputStream in = SdpCorpus.class.getResourceAsStream("/sdp/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("no corpus file " + name);
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static SessionDescription parse(String name) throws SdpException {
    return SessionDescription.parse(read(name));
  }
}
