package org.oavc.connector.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** "amd" and "voicemail_message" of a placed call. */
class OutboundRequestAmdTest {
  private static OutboundRequest parse(JsonObject extra) {
    return OutboundRequest.parse(
        new JsonObject().put("to", "sip:bob@127.0.0.1").mergeIn(extra), OutboundOptions.defaults());
  }

  @Test
  void detectionIsOffUnlessAskedAndAMessageComesWithIt() {
    assertThat(parse(new JsonObject()).amd()).isFalse();
    OutboundRequest r =
        parse(new JsonObject().put("amd", true).put("voicemail_message", "Call us back."));
    assertThat(r.amd()).isTrue();
    assertThat(r.voicemailMessage()).isEqualTo("Call us back.");
    assertThat(parse(new JsonObject().put("amd", true)).voicemailMessage()).isNull();
  }

  @Test
  void aMessageWithoutDetectionOrOfTheWrongShapeIsRefused() {
    assertThatThrownBy(() -> parse(new JsonObject().put("voicemail_message", "hi")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("'voicemail_message' needs");
    for (Object bad : new Object[] {"", " ", 42, "x".repeat(8193)}) {
      assertThatThrownBy(
              () -> parse(new JsonObject().put("amd", true).put("voicemail_message", bad)))
          .as("%s", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'voicemail_message'");
    }
  }
}
