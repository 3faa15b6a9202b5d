package org.oavc.connector.firewall;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * OpenSIPS cannot run in CI, so this checks opensips/opensips.cfg's structure against
 * config/oavc.env, and runs its real preprocessor (opensips/substenv.sh, sh + awk). Where an
 * OpenSIPS 3.4 binary exists (OPENSIPS_BIN, module dir in OPENSIPS_MODULES) it also runs {@code
 * opensips -C} on the script.
 */
class OpenSipsCfgTest {
  private static final String CFG = "opensips/opensips.cfg";
  private static final String PP = "opensips/substenv.sh";
  private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([A-Za-z_][A-Za-z0-9_]*)}");
  private static final Pattern LOADMODULE = Pattern.compile("^loadmodule \"([a-z0-9_]+)\\.so\"");
  private static final Pattern MODPARAM = Pattern.compile("^modparam\\(\"([a-z0-9_]+)\",");

  private final String cfg = RepoFiles.read(CFG);
  private final List<String> lines = cfg.lines().toList();
  private final Map<String, String> defaults = RepoFiles.defaults();

  @Test
  void everyModuleIsExplainedAndEveryModparamFollowsItsModule() {
    Set<String> loaded = new LinkedHashSet<>();
    for (int i = 0; i < lines.size(); i++) {
      String line = lines.get(i);
      Matcher load = LOADMODULE.matcher(line);
      if (load.find()) {
        assertThat(lines.get(i - 1))
            .as("comment above loadmodule %s", load.group(1))
            .startsWith("#");
        loaded.add(load.group(1));
      }
      Matcher param = MODPARAM.matcher(line);
      if (param.find()) {
        assertThat(loaded)
            .as("modparam at line %d before its loadmodule", i + 1)
            .contains(param.group(1));
        assertThat(line).as("modparam at line %d explained", i + 1).contains("#");
      }
    }
    assertThat(loaded)
        .containsExactlyInAnyOrder(
            "proto_udp",
            "proto_ws",
            "nathelper",
            "signaling",
            "sl",
            "tm",
            "maxfwd",
            "sipmsgops",
            "pike",
            "cachedb_local",
            "mi_datagram",
            "event_datagram",
            "b2b_entities");
  }

  @Test
  void everyPlaceholderIsASettingOfTheOneConfigFile() {
    Matcher m = PLACEHOLDER.matcher(cfg);
    Set<String> used = new LinkedHashSet<>();
    while (m.find()) {
      used.add(m.group(1));
    }
    // derived by substenv.sh from the OS_SIP_* and OS_WS*_PORT keys
    used.removeAll(
        Set.of(
            "OAVC_SIP_SOCKET",
            "OAVC_ADVERTISED_CONTACT",
            "OAVC_WS_SOCKET",
            "OAVC_WSS_SOCKET",
            "OAVC_IF_WSS"));
    assertThat(defaults.keySet()).containsAll(used);
    assertThat(used)
        .contains(
            "HEARTBEAT_KEY",
            "MI_IP",
            "MI_PORT",
            "RETRY_AFTER_S",
            "SESSION_LIMIT_S",
            "FALLBACK_URI",
            "PIKE_SAMPLING_S",
            "PIKE_REQS_DENSITY");
  }

  @Test
  void keyNamesFlagsAndSocketsAreTheSharedOnes() {
    assertThat(cfg)
        .contains("cache_fetch(\"local\", \"${HEARTBEAT_KEY}\", $var(alive))")
        .contains("modparam(\"mi_datagram\", \"socket_name\", \"udp:${MI_IP}:${MI_PORT}\")")
        .contains("ua_session_server_init($var(b2b_key), \"rbht${SESSION_LIMIT_S}\")")
        .contains("append_to_reply(\"Retry-After: ${RETRY_AFTER_S}\\r\\n\")")
        .contains("socket=${OAVC_SIP_SOCKET}")
        .contains(
            "modparam(\"b2b_entities\", \"advertised_contact\", \"${OAVC_ADVERTISED_CONTACT}\")");
    assertThat(lines.stream().filter(l -> l.startsWith("socket="))).hasSize(1);
  }

  @Test
  void preprocessingFillsEveryPlaceholderFromTheSettings() {
    RepoFiles.Run r = preprocess(defaults);
    assertThat(r.exit()).as(r.stderr()).isZero();
    String out = r.stdout();
    assertThat(out)
        .doesNotContain("${")
        .contains(
            "socket=udp:" + defaults.get("OS_SIP_IP") + ":" + defaults.get("OS_SIP_PORT") + "\n")
        .contains("\"udp:" + defaults.get("MI_IP") + ":" + defaults.get("MI_PORT") + "\"")
        .contains("cache_fetch(\"local\", \"" + defaults.get("HEARTBEAT_KEY") + "\"")
        .contains("\"rbht" + defaults.get("SESSION_LIMIT_S") + "\"")
        .contains("Retry-After: " + defaults.get("RETRY_AFTER_S") + "\\r\\n");
    assertThat(out.lines().count()).isEqualTo(lines.size());
  }

  @Test
  void socketFollowsBindAndAdvertisedAddresses() {
    assertThat(
            socketLine(
                Map.of(
                    "OS_SIP_IP",
                    "0.0.0.0",
                    "OS_SIP_ADVERTISED_IP",
                    "203.0.113.7",
                    "OS_SIP_PORT",
                    "5080")))
        .isEqualTo("socket=udp:*:5080 as 203.0.113.7:5080");
    assertThat(socketLine(Map.of("OS_SIP_IP", "2001:db8::5")))
        .isEqualTo("socket=udp:[2001:db8::5]:" + defaults.get("OS_SIP_PORT"));
  }

  @Test
  void preprocessingRefusesUnsafeOrIncompleteSettings() {
    Map<String, String> env = new HashMap<>(defaults);
    env.remove("HEARTBEAT_KEY");
    assertRefused(env, "HEARTBEAT_KEY is not set");

    assertRefused(with("MI_IP", "8.8.8.8"), "MI must never be public");
    assertRefused(with("MI_IP", "0.0.0.0"), "MI must never be public");
    assertRefused(with("FALLBACK_URI", "sip:a\"b@x"), "FALLBACK_URI holds a double quote");
    assertThat(preprocess(with("MI_IP", "172.20.0.2")).exit()).isZero();
  }

  @Test
  void webSocketSocketsAndTlsFollowTheSettings() {
    RepoFiles.Run off = preprocess(defaults);
    assertThat(off.exit()).as(off.stderr()).isZero();
    assertThat(off.stdout())
        .contains("\nsocket=ws:127.0.0.1:" + defaults.get("OS_WS_PORT") + "\n")
        .contains("\n# no wss socket (OS_WSS_PORT=0)\n")
        .contains("\n#loadmodule \"tls_mgm.so\"\n")
        .contains("\n#loadmodule \"proto_wss.so\"\n");

    Map<String, String> env = new HashMap<>(defaults);
    env.putAll(
        Map.of(
            "OS_WSS_PORT", "8443",
            "OS_WS_PORT", "0",
            "OS_SIP_IP", "0.0.0.0",
            "OS_SIP_ADVERTISED_IP", "203.0.113.7",
            "OS_TLS_CERT", "/tls/a.crt",
            "OS_TLS_KEY", "/tls/a.key"));
    RepoFiles.Run on = preprocess(env);
    assertThat(on.exit()).as(on.stderr()).isZero();
    assertThat(on.stdout())
        .contains("\nsocket=wss:*:8443 as 203.0.113.7:8443\n")
        .contains("\n# no ws socket (OS_WS_PORT=0)\n")
        .contains("\nloadmodule \"tls_openssl.so\"\n")
        .contains("\nloadmodule \"tls_mgm.so\"\n")
        .contains("\nloadmodule \"proto_wss.so\"\n")
        .contains("modparam(\"tls_mgm\", \"certificate\", \"[wss]/tls/a.crt\")")
        .contains("modparam(\"tls_mgm\", \"private_key\", \"[wss]/tls/a.key\")");
    assertThat(on.stdout().lines().count()).isEqualTo(lines.size());
    assertRefused(with("OS_WSS_PORT", "x"), "OS_WSS_PORT='x' is not a port number");
  }

  @Test
  void webSocketCallersGetTheirContactFixedByTheirTransport() {
    // 3.4 has no $proto; without the fix no in-dialog request reaches a browser (wire sample 18)
    assertThat(cfg)
        .contains("if ($socket_in(proto) == \"ws\" || $socket_in(proto) == \"wss\")")
        .contains("fix_nated_contact();")
        .doesNotContain("$proto ");
    assertThat(cfg.indexOf("fix_nated_contact();"))
        .isLessThan(cfg.indexOf("ua_session_server_init($var(b2b_key)"));
  }

  @Test
  void realOpenSipsAcceptsTheScriptWhereAvailable() {
    String bin = System.getenv("OPENSIPS_BIN");
    Assumptions.assumeTrue(
        bin != null && Files.isExecutable(Path.of(bin)),
        "SKIPPED: no OpenSIPS here; set OPENSIPS_BIN (and OPENSIPS_MODULES) to run opensips -C");
    Map<String, String> env = new HashMap<>(defaults);
    if (System.getenv("OPENSIPS_MODULES") != null) {
      env.put("LD_LIBRARY_PATH", System.getenv("OPENSIPS_MODULES"));
    }
    Path root = RepoFiles.root();
    RepoFiles.Run r =
        RepoFiles.run(
            List.of(
                bin, "-C", "-f", root.resolve(CFG).toString(), "-p", root.resolve(PP).toString()),
            env,
            null);
    assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
    assertThat(r.stdout() + r.stderr()).contains("config file ok");
  }

  private Map<String, String> with(String key, String value) {
    Map<String, String> env = new HashMap<>(defaults);
    env.put(key, value);
    return env;
  }

  private String socketLine(Map<String, String> overrides) {
    return preprocessedLine(overrides, "socket=");
  }

  private String preprocessedLine(Map<String, String> overrides, String start) {
    Map<String, String> env = new HashMap<>(defaults);
    env.putAll(overrides);
    RepoFiles.Run r = preprocess(env);
    assertThat(r.exit()).as(r.stderr()).isZero();
    return r.stdout().lines().filter(l -> l.startsWith(start)).findFirst().orElseThrow();
  }

  /** The Contact of outbound calls (wire samples 17): advertised address, else the bound one. */
  @Test
  void advertisedContactFollowsTheSipAddresses() {
    String line = "modparam(\"b2b_entities\", \"advertised_contact\"";
    assertThat(
            preprocessedLine(
                Map.of("OS_SIP_IP", "0.0.0.0", "OS_SIP_ADVERTISED_IP", "203.0.113.7"), line))
        .contains("\"sip:oavc@203.0.113.7:" + defaults.get("OS_SIP_PORT") + "\"");
    assertThat(preprocessedLine(Map.of("OS_SIP_IP", "2001:db8::5", "OS_SIP_PORT", "5080"), line))
        .contains("\"sip:oavc@[2001:db8::5]:5080\"");
    assertThat(preprocessedLine(Map.of("OS_SIP_IP", "0.0.0.0"), line))
        .contains("\"sip:oavc@127.0.0.1:");
  }

  private void assertRefused(Map<String, String> env, String why) {
    RepoFiles.Run r = preprocess(env);
    assertThat(r.exit()).isNotZero();
    assertThat(r.stderr()).contains(why);
    assertThat(r.stdout()).as("no half-substituted script").isEmpty();
  }

  private RepoFiles.Run preprocess(Map<String, String> env) {
    return RepoFiles.run(new ArrayList<>(List.of("sh", PP)), env, cfg);
  }
}
