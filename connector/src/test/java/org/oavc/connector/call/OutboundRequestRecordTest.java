package org.oavc.connector.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/**
 * A placed call's "record": true or false decides; absent, the settings do; anything else is a 400.
 */
class OutboundRequestRecordTest {
  private static OutboundRequest parse(Object record) {
    JsonObject body = new JsonObject().put("to", "sip:bob@127.0.0.1");
    if (record != null) {
      body.put("record", record);
    }
    return OutboundRequest.parse(body, OutboundOptions.defaults());
  }

  @Test
  void trueFalseAndAbsentAreKeptApart() {
    assertThat(parse(true).record()).isTrue();
    assertThat(parse(false).record()).isFalse();
    assertThat(parse(null).record()).isNull();
  }

  @Test
  void aNonBooleanIsRefusedNamingTheField() {
    for (Object bad : new Object[] {"yes", 1, new JsonObject()}) {
      assertThatThrownBy(() -> parse(bad))
          .as("%s", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'record'");
    }
  }
}
