package org.oavc.xdp.bpf;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The Java mirror of bpf/sip_filter.h, and the scripts' copy of the reason names, agree. */
class FilterAbiTest {
  @Test
  void reasonEnumMirrorsTheHeader() {
    List<String> header = FilterHeader.reasons();
    assertThat(header.get(header.size() - 1)).isEqualTo("COUNT");
    assertThat(Arrays.stream(Reason.values()).map(Enum::name).toList())
        .containsExactlyElementsOf(header.subList(0, header.size() - 1));
  }

  @Test
  void statsScriptNamesEveryReasonInOrder() throws IOException {
    String script = Files.readString(Path.of("..", "scripts", "read_xdp_stats.sh"));
    String list =
        script.substring(
            script.indexOf("names = ["), script.indexOf("]", script.indexOf("names = [")));
    List<String> names =
        Arrays.stream(list.substring(list.indexOf('[') + 1).split(","))
            .map(s -> s.trim().replace("\"", ""))
            .filter(s -> !s.isEmpty())
            .toList();
    assertThat(names)
        .containsExactlyElementsOf(
            Arrays.stream(Reason.values()).map(r -> r.name().toLowerCase(Locale.ROOT)).toList());
  }

  @Test
  void configLayoutMatchesTheHeader() {
    assertThat(FilterHeader.define("MAX_SIP_PORTS")).isEqualTo(8);
    // flags, rate_pps, rate_burst, autoblock_s (4 x u32) + ports[MAX_SIP_PORTS] (u16)
    assertThat(FilterConfig.SIZE).isEqualTo(16 + 2 * FilterHeader.define("MAX_SIP_PORTS"));
  }
}
