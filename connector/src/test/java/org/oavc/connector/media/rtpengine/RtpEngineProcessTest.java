package org.oavc.connector.media.rtpengine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The fixture itself: a real rtpengine starts in userspace, answers ng, and is gone after close.
 */
class RtpEngineProcessTest {

  @Test
  void startsAnswersAndStops() throws IOException {
    assumeTrue(RtpEngineProcess.isAvailable(), RtpEngineProcess.MISSING);
    RtpEngineProcess engine = RtpEngineProcess.start("fixture", 22000, 22019);
    try {
      assertThat(engine.pings()).isTrue();
      assertThat(engine.request(Map.of("command", "query", "call-id", "none")).get("result"))
          .isEqualTo("error");
    } finally {
      engine.close();
    }
    assertThatThrownBy(() -> engine.request(Map.of("command", "ping")))
        .isInstanceOf(SocketTimeoutException.class);
  }
}
