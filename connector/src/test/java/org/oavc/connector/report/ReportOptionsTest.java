package org.oavc.connector.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;

class ReportOptionsTest {
  private static final Path STATE = Path.of("/var/lib/oavc-test");

  private static ReportOptions options(Map<String, String> overrides) {
    return ReportOptions.fromSettings(Settings.defaultsWith(overrides), STATE);
  }

  @Test
  void byDefaultReportsGoToAFileInTheStateDirectoryOnly() {
    ReportOptions o = options(Map.of());
    assertThat(o.getFile()).isEqualTo(STATE.resolve("reports.jsonl"));
    assertThat(o.getOutboxDir()).isEqualTo(STATE.resolve("report-outbox"));
    assertThat(o.getWebhookUrl()).isNull();
    assertThat(o.getFileMaxBytes()).isEqualTo(100L << 20);
  }

  @Test
  void aWebhookNeedsASecretOfSixteenCharacters() {
    assertThatThrownBy(() -> options(Map.of("REPORT_WEBHOOK_URL", "https://crm.example.com/r")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("REPORT_WEBHOOK_SECRET");
    assertThatThrownBy(
            () ->
                options(
                    Map.of(
                        "REPORT_WEBHOOK_URL", "https://crm.example.com/r",
                        "REPORT_WEBHOOK_SECRET", "short")))
        .hasMessageContaining("16");
    ReportOptions o =
        options(
            Map.of(
                "REPORT_WEBHOOK_URL", "https://crm.example.com/r",
                "REPORT_WEBHOOK_SECRET", "0123456789abcdef"));
    assertThat(o.getWebhookUrl().getHost()).isEqualTo("crm.example.com");
  }

  @Test
  void onlyHttpUrlsWithAHostAreTakenAndTheirSecretsAreNotEchoed() {
    for (String bad : new String[] {"ftp://x/r", "file:///etc/passwd", "https:///nohost", "x y"}) {
      assertThatThrownBy(
              () ->
                  options(
                      Map.of(
                          "REPORT_WEBHOOK_URL", bad, "REPORT_WEBHOOK_SECRET", "0123456789abcdef")))
          .as(bad)
          .isInstanceOf(ConfigException.class)
          .hasMessageContaining("REPORT_WEBHOOK_URL");
    }
    assertThatThrownBy(
            () ->
                options(
                    Map.of(
                        "REPORT_WEBHOOK_URL", "ftp://user:hunter2@x/r",
                        "REPORT_WEBHOOK_SECRET", "0123456789abcdef")))
        .message()
        .doesNotContain("hunter2");
    assertThatThrownBy(() -> options(Map.of("REPORT_RETRY_MAX_S", "0")))
        .hasMessageContaining("REPORT_RETRY_MAX_S");
  }
}
