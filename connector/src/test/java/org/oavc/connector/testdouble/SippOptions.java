package org.oavc.connector.testdouble;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** One SIPp run: a scenario from test resources sipp/, played as caller against a target. */
public final class SippOptions {
  private String scenario = "uac-answer-bye.xml";
  private InetSocketAddress target;
  private String service = "ai";
  private int calls = 1;
  private Duration timeout = Duration.ofSeconds(30);
  private Duration pause;
  private String localIp = "127.0.0.1";
  private final List<String> extraArgs = new ArrayList<>();

  /** File name under src/test/resources/sipp/, e.g. "uac-cancel.xml". */
  public String getScenario() {
    return scenario;
  }

  public SippOptions setScenario(String scenario) {
    this.scenario = scenario;
    return this;
  }

  /** Where SIPp sends its INVITEs (the double's or a real OpenSIPS' SIP socket). */
  public InetSocketAddress getTarget() {
    return target;
  }

  public SippOptions setTarget(InetSocketAddress target) {
    this.target = target;
    return this;
  }

  /** R-URI user (-s): picks the ua_session_server_init flags (ai, ack, noack, timer, plain). */
  public String getService() {
    return service;
  }

  public SippOptions setService(String service) {
    this.service = service;
    return this;
  }

  /** -m: calls to place before SIPp exits. */
  public int getCalls() {
    return calls;
  }

  public SippOptions setCalls(int calls) {
    this.calls = calls;
    return this;
  }

  /** -timeout with -timeout_error: the bound on the whole run. */
  public Duration getTimeout() {
    return timeout;
  }

  public SippOptions setTimeout(Duration timeout) {
    this.timeout = timeout;
    return this;
  }

  /** -d: length of the scenario's &lt;pause/&gt;; null keeps SIPp's default. */
  public Duration getPause() {
    return pause;
  }

  public SippOptions setPause(Duration pause) {
    this.pause = pause;
    return this;
  }

  /** -i: the loopback address SIPp binds. */
  public String getLocalIp() {
    return localIp;
  }

  public SippOptions setLocalIp(String localIp) {
    this.localIp = localIp;
    return this;
  }

  public List<String> getExtraArgs() {
    return extraArgs;
  }

  public SippOptions addExtraArgs(String... args) {
    extraArgs.addAll(List.of(args));
    return this;
  }
}
