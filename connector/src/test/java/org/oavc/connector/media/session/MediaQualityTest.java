package org.oavc.connector.media.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** The call JSON's media object: valid JSON (no NaN), unknown RTCP figures left out. */
class MediaQualityTest {

  @Test
  void unknownRttAndRemoteLossAreLeftOutNotNaN() {
    JsonObject j = new MediaQuality(120, 150, 3, 1.5, 2.25, Double.NaN, Double.NaN, 80).toJson();
    assertThat(j.fieldNames())
        .containsExactlyInAnyOrder(
            "packetsIn",
            "packetsOut",
            "invalidPackets",
            "lossPercent",
            "jitterMs",
            "voicedFramesIn");
    assertThat(j.getLong("voicedFramesIn")).isEqualTo(80);
    assertThat(j.getLong("packetsIn")).isEqualTo(120);
    assertThat(j.getLong("packetsOut")).isEqualTo(150);
    assertThat(j.getLong("invalidPackets")).isEqualTo(3);
    assertThat(j.getDouble("lossPercent")).isEqualTo(1.5);
    assertThat(j.getDouble("jitterMs")).isEqualTo(2.25);
    assertThat(new JsonObject(j.encode())).isEqualTo(j); // round-trips as strict JSON
  }

  @Test
  void knownRttAndRemoteLossAreRoundedToMicroseconds() {
    JsonObject j = new MediaQuality(1, 1, 0, 0, 0, 12.3456789, 0.25).toJson();
    assertThat(j.getDouble("rttMs")).isEqualTo(12.346);
    assertThat(j.getDouble("remoteLossPercent")).isEqualTo(0.25);
  }
}
