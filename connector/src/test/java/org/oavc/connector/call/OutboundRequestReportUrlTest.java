package org.oavc.connector.call;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.json.JsonObject;
import org.junit.jupiter.api.Test;

/** A placed call may name its own report receiver, only when reports are signed. */
class OutboundRequestReportUrlTest {
  private static final OutboundOptions SIGNED = OutboundOptions.defaults().withReportUrls(true);

  private static JsonObject request(Object reportUrl) {
    return new JsonObject().put("to", "sip:bob@127.0.0.1").put("report_url", reportUrl);
  }

  @Test
  void withoutASecretNoCallMayNameAReceiver() {
    assertThatThrownBy(
            () ->
                OutboundRequest.parse(request("https://crm.example/r"), OutboundOptions.defaults()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("REPORT_WEBHOOK_SECRET");
    assertThat(
            OutboundRequest.parse(
                    new JsonObject().put("to", "sip:bob@127.0.0.1"), OutboundOptions.defaults())
                .reportUrl())
        .isNull();
  }

  @Test
  void anHttpReceiverIsTakenAndAnythingElseRefusedNamingTheField() {
    assertThat(OutboundRequest.parse(request("https://crm.example/r?c=1"), SIGNED).reportUrl())
        .hasHost("crm.example");
    for (Object bad :
        new Object[] {"ftp://crm.example/r", "gopher", 42, "https://" + "a".repeat(2050)}) {
      assertThatThrownBy(() -> OutboundRequest.parse(request(bad), SIGNED))
          .as("%s", bad)
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("report_url");
    }
  }
}
