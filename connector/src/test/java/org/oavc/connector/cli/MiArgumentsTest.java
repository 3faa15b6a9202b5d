package org.oavc.connector.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import org.junit.jupiter.api.Test;

class MiArgumentsTest {

  @Test
  void noArgumentsMeansNoParams() {
    assertThat(MiArguments.parse(List.of())).isNull();
    assertThat(MiArguments.parse(null)).isNull();
  }

  @Test
  void namedArgumentsBecomeATypedObject() {
    Object p =
        MiArguments.parse(List.of("key=B2B.1.2.3.4", "code=200", "reason=OK", "body=v=0\\r\\n"));
    assertThat(p)
        .isEqualTo(
            new JsonObject()
                .put("key", "B2B.1.2.3.4")
                .put("code", 200)
                .put("reason", "OK")
                .put("body", "v=0\r\n"));
  }

  @Test
  void rawJsonWithColonEquals() {
    Object p = MiArguments.parse(List.of("expire:=0", "socket=udp:127.0.0.1:8089"));
    assertThat(p).isEqualTo(new JsonObject().put("expire", 0).put("socket", "udp:127.0.0.1:8089"));
  }

  @Test
  void positionalArgumentsBecomeAnArray() {
    assertThat(MiArguments.parse(List.of("E_UA_SESSION", "udp:127.0.0.1:8089", "3600")))
        .isEqualTo(new JsonArray().add("E_UA_SESSION").add("udp:127.0.0.1:8089").add(3600));
  }

  @Test
  void mixingStylesIsRefused() {
    assertThatThrownBy(() -> MiArguments.parse(List.of("ps", "a=b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one style");
  }
}
