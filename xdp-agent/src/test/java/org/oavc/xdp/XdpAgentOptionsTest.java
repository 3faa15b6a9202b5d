package org.oavc.xdp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;
import org.oavc.xdp.bpf.AttachMode;

/** The agent reads config/oavc.env like every OAVC-J process, and its defaults are that file's. */
class XdpAgentOptionsTest {
  @Test
  void shippedDefaultsAreTheProgrammaticOnes() {
    XdpAgentOptions shipped =
        XdpAgentOptions.fromSettings(Settings.defaultsWith(Map.of("XDP_IFACE", "")));
    XdpAgentOptions plain = new XdpAgentOptions();
    assertThat(shipped.getInterfaceName()).isNull();
    assertThat(
            List.of(
                shipped.getAttachMode(),
                shipped.isAdoptPinned(),
                shipped.getPinDir(),
                shipped.isDetachOnClose(),
                shipped.getStateFile(),
                shipped.getHttpHost(),
                shipped.getHttpPort(),
                shipped.getPikeEventHost(),
                shipped.getPikeBlockSeconds(),
                shipped.getMiHost(),
                shipped.getImportLimitBytes(),
                shipped.getPikeSources(),
                shipped.getApiTokenFile(),
                shipped.getApiAllowedHosts(),
                shipped.isMetricsAuth()))
        .isEqualTo(
            List.of(
                plain.getAttachMode(),
                plain.isAdoptPinned(),
                plain.getPinDir(),
                plain.isDetachOnClose(),
                plain.getStateFile(),
                plain.getHttpHost(),
                plain.getHttpPort(),
                plain.getPikeEventHost(),
                plain.getPikeBlockSeconds(),
                plain.getMiHost(),
                plain.getImportLimitBytes(),
                plain.getPikeSources(),
                plain.getApiTokenFile(),
                plain.getApiAllowedHosts(),
                plain.isMetricsAuth()));
    assertThat(shipped.getApiToken()).as("empty: generated into the file").isNull();
    assertThat(shipped.getPikeEventPort()).isEqualTo(8090);
    assertThat(shipped.getMiPort()).as("subscribes through MI_PORT").isEqualTo(8088);
    assertThat(shipped.getObjectFile()).isNull();
  }

  @Test
  void everyKeyIsReadAndBadValuesAreNamed() {
    XdpAgentOptions o =
        XdpAgentMain.options(
            new String[0],
            Map.of(
                "XDP_IFACE",
                "veth9",
                "XDP_MODE",
                "GENERIC",
                "XDP_PIKE_SUBSCRIBE",
                "false",
                "XDP_PIKE_SOURCES",
                "192.0.2.5, 192.0.2.6",
                "XDP_OBJECT",
                "/tmp/f.o",
                "MI_IP",
                "192.0.2.9"));
    assertThat(o.getInterfaceName()).isEqualTo("veth9");
    assertThat(o.getAttachMode()).isEqualTo(AttachMode.GENERIC);
    assertThat(o.getMiPort()).isZero();
    assertThat(o.getPikeSources()).containsExactly("192.0.2.5", "192.0.2.6");
    assertThat(o.getObjectFile()).isEqualTo(Path.of("/tmp/f.o"));
    assertThat(XdpAgentMain.options(new String[0], Map.of()).getPikeSources())
        .as("empty: the OpenSIPS host")
        .containsExactly("127.0.0.1");
    assertThatThrownBy(() -> XdpAgentMain.options(new String[0], Map.of("XDP_MODE", "turbo")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("XDP_MODE");
    assertThatThrownBy(
            () -> XdpAgentMain.options(new String[0], Map.of("XDP_IMPORT_MAX_BYTES", "10")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("XDP_IMPORT_MAX_BYTES");
    XdpAgentOptions api =
        XdpAgentMain.options(
            new String[0],
            Map.of(
                "XDP_AGENT_TOKEN",
                "xdp-agent-token-0123456789",
                "STATE_DIR",
                "/srv/oavc",
                "API_ALLOWED_HOSTS",
                "voice1.example.net",
                "METRICS_AUTH",
                "true"));
    assertThat(api.getApiToken().matches("xdp-agent-token-0123456789")).isTrue();
    assertThat(api.getApiTokenFile()).isEqualTo(Path.of("/srv/oavc/xdp-agent.token"));
    assertThat(api.getApiAllowedHosts()).containsExactly("voice1.example.net");
    assertThat(api.isMetricsAuth()).isTrue();
    assertThatThrownBy(
            () -> XdpAgentMain.options(new String[0], Map.of("XDP_AGENT_TOKEN", "short")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("XDP_AGENT_TOKEN");
    assertThatThrownBy(
            () -> XdpAgentMain.options(new String[0], Map.of("API_ALLOWED_HOSTS", "http://x:1")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("API_ALLOWED_HOSTS");
    assertThatThrownBy(() -> XdpAgentMain.options(new String[] {"--bogus"}, Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("--bogus");
  }
}
