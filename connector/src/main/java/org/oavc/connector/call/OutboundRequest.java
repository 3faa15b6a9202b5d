package org.oavc.connector.call;

import io.vertx.core.json.JsonObject;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.oavc.common.settings.ConfigException;

/**
 * One call to place, validated: the body of POST /calls. Every field is checked before anything
 * reaches OpenSIPS, and a bad one is named in the {@link IllegalArgumentException}.
 *
 * @param to the called party, a bare {@code sip:} or {@code sips:} URI (also the request URI)
 * @param from our identity, a bare URI
 * @param ringTimeout how long it may ring; never longer than OUTBOUND_RING_TIMEOUT_S
 * @param maxDuration answered calls are hung up after this long; null for no limit
 * @param agentSettings flavor, instructions, greeting, voice, language given with the request; null
 *     for none (the bot config and the config file decide)
 * @param extraHeaders {@code X-} headers for the INVITE, CRLF-terminated; null for none
 * @param reportUrl where this call's end-of-call report goes instead of REPORT_WEBHOOK_URL; null
 *     for the default
 * @param record whether to record the call (true or false), null for what RECORD_CALLS and
 *     RECORD_FLAVORS say
 * @param amd whether to classify the callee (person, machine) before the agent speaks
 * @param voicemailMessage spoken to a machine after its beep (then the call ends); null for
 *     AMD_MACHINE_ACTION and AMD_VOICEMAIL_MESSAGE
 */
public record OutboundRequest(
    String to,
    String from,
    Duration ringTimeout,
    Duration maxDuration,
    JsonObject agentSettings,
    String extraHeaders,
    java.net.URI reportUrl,
    Boolean record,
    boolean amd,
    String voicemailMessage) {

  private static final Set<String> FIELDS =
      Set.of(
          "to",
          "from",
          "flavor",
          "instructions",
          "greeting",
          "voice",
          "language",
          "amd",
          "record",
          "voicemail_message",
          "ring_timeout_s",
          "max_duration_s",
          "report_url",
          "headers");

  private static final Set<String> AGENT_FIELDS =
      Set.of("flavor", "instructions", "greeting", "voice", "language");

  /** user@host[:port][;params] with no spaces, brackets or quotes: what OpenSIPS takes bare. */
  private static final Pattern URI =
      Pattern.compile(
          "sips?:([A-Za-z0-9\\-_.!~*'()&=+$,;?/%]+@)?[A-Za-z0-9.\\-\\[\\]:]+(;[^\\s<>\"]*)?");

  private static final Pattern HEADER_NAME = Pattern.compile("X-[A-Za-z0-9\\-]{1,64}");
  private static final int MAX_URI = 256;
  private static final int MAX_TEXT = 8192;
  private static final int MAX_HEADERS = 16;
  private static final int MAX_HEADER_VALUE = 256;

  /**
   * The request in {@code body}; {@code defaults} gives the From URI and caps the ring time.
   *
   * @throws IllegalArgumentException naming the field that is missing or wrong
   */
  public static OutboundRequest parse(JsonObject body, OutboundOptions defaults) {
    if (body == null) {
      throw new IllegalArgumentException("the body must be a JSON object");
    }
    for (String name : body.fieldNames()) {
      if (!FIELDS.contains(name)) {
        throw new IllegalArgumentException("unknown field '" + name + "'");
      }
    }
    String to = uri(body, "to", null);
    String from = uri(body, "from", defaults.defaultFrom());
    boolean amd = Boolean.TRUE.equals(flag(body, "amd"));
    Object message = body.getValue("voicemail_message");
    if (message != null
        && (!(message instanceof String m) || m.isBlank() || m.length() > MAX_TEXT)) {
      throw new IllegalArgumentException(
          "'voicemail_message' must be a non-empty string of at most " + MAX_TEXT + " characters");
    }
    if (message != null && !amd) {
      throw new IllegalArgumentException("'voicemail_message' needs \"amd\": true");
    }
    java.net.URI reportUrl = reportUrl(body.getValue("report_url"), defaults);
    long maxRing = defaults.ringTimeout().toSeconds();
    Duration ring = seconds(body, "ring_timeout_s", 1, maxRing);
    Duration max = seconds(body, "max_duration_s", 1, 86_400);
    JsonObject agent = new JsonObject();
    for (String name : AGENT_FIELDS) {
      Object v = body.getValue(name);
      if (v == null) {
        continue;
      }
      if (!(v instanceof String text) || text.isBlank() || text.length() > MAX_TEXT) {
        throw new IllegalArgumentException(
            "'" + name + "' must be a non-empty string of at most " + MAX_TEXT + " characters");
      }
      agent.put(name, text);
    }
    return new OutboundRequest(
        to,
        from,
        ring == null ? defaults.ringTimeout() : ring,
        max,
        agent.isEmpty() ? null : agent,
        headers(body.getValue("headers")),
        reportUrl,
        flag(body, "record"),
        amd,
        (String) message);
  }

  private static java.net.URI reportUrl(Object value, OutboundOptions defaults) {
    if (value == null) {
      return null;
    }
    if (!defaults.reportUrls()) {
      throw new IllegalArgumentException(
          "'report_url' needs REPORT_WEBHOOK_SECRET set: reports are only sent signed");
    }
    if (!(value instanceof String url) || url.length() > 2048) {
      throw new IllegalArgumentException("'report_url' must be a URL of at most 2048 characters");
    }
    try {
      return org.oavc.connector.report.ReportOptions.webhookUrl("'report_url'", url);
    } catch (org.oavc.common.settings.ConfigException e) {
      throw new IllegalArgumentException(e.getMessage());
    }
  }

  /** A setting's URI, checked like a request's: a bad one stops the start naming the key. */
  static String checkedUri(String key, String value) {
    String problem = uriProblem(value);
    if (problem != null) {
      throw new ConfigException(key + ": " + problem);
    }
    return value;
  }

  private static String uri(JsonObject body, String name, String fallback) {
    Object v = body.getValue(name);
    if (v == null) {
      if (fallback == null) {
        throw new IllegalArgumentException("'" + name + "' is required (a sip: URI)");
      }
      return fallback;
    }
    if (!(v instanceof String s)) {
      throw new IllegalArgumentException("'" + name + "' must be a string (a sip: URI)");
    }
    String problem = uriProblem(s);
    if (problem != null) {
      throw new IllegalArgumentException("'" + name + "': " + problem);
    }
    return s;
  }

  private static String uriProblem(String s) {
    if (s.length() > MAX_URI) {
      return "longer than " + MAX_URI + " characters";
    }
    if (!URI.matcher(s).matches()) {
      return "not a bare sip: or sips: URI (sip:user@host[:port], no <>, spaces or quotes): " + s;
    }
    return null;
  }

  private static Boolean flag(JsonObject body, String name) {
    Object v = body.getValue(name);
    if (v != null && !(v instanceof Boolean)) {
      throw new IllegalArgumentException("'" + name + "' must be true or false");
    }
    return (Boolean) v;
  }

  private static Duration seconds(JsonObject body, String name, long min, long max) {
    Object v = body.getValue(name);
    if (v == null) {
      return null;
    }
    if (!(v instanceof Number n)
        || n.doubleValue() != Math.rint(n.doubleValue())
        || n.longValue() < min
        || n.longValue() > max) {
      throw new IllegalArgumentException(
          "'" + name + "' must be a whole number of seconds from " + min + " to " + max);
    }
    return Duration.ofSeconds(n.longValue());
  }

  /** X- headers only: the others shape the dialog, and OpenSIPS writes those itself. */
  private static String headers(Object v) {
    if (v == null) {
      return null;
    }
    if (!(v instanceof JsonObject h)) {
      throw new IllegalArgumentException("'headers' must be an object of name: value");
    }
    if (h.size() > MAX_HEADERS) {
      throw new IllegalArgumentException("'headers': at most " + MAX_HEADERS + " headers");
    }
    StringBuilder out = new StringBuilder();
    for (String name : h.fieldNames()) {
      if (!HEADER_NAME.matcher(name).matches()) {
        throw new IllegalArgumentException(
            "'headers': only X- headers may be added (letters, digits, '-'): " + name);
      }
      Object value = h.getValue(name);
      if (!(value instanceof String s)
          || s.length() > MAX_HEADER_VALUE
          || s.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
        throw new IllegalArgumentException(
            "'headers': "
                + name.toLowerCase(Locale.ROOT)
                + " must be a string of at most "
                + MAX_HEADER_VALUE
                + " printable characters");
      }
      out.append(name).append(": ").append(s).append("\r\n");
    }
    return out.length() == 0 ? null : out.toString();
  }
}
