package org.oavc.connector.ai;

import java.util.List;
import org.oavc.connector.config.ConfigException;
import org.oavc.connector.config.Settings;

/**
 * The AI agent's settings from the config file, checked once at start-up so that a typo fails
 * the daemon's start with a message naming the key instead of failing calls later.
 */
public record AiSettings(
    String defaultFlavor,
    List<FlavorRule> rules,
    String botConfigUrl,
    String instructions,
    String voice,
    String language,
    String toolsFile,
    String transferDefaultUri,
    String dtmfText,
    int bargeInMinSpeechMillis,
    boolean echoGuard,
    int connectTimeoutMillis,
    FailureAction failureAction,
    String apologyText,
    String fallback,
    String ttsUrl,
    int bargeInOnsetMillis) {

  /** The settings without the barge-in onset stage (as before BARGE_IN_ONSET_MS existed). */
  public AiSettings(String defaultFlavor, List<FlavorRule> rules, String botConfigUrl, String instructions,
      String voice, String language, String toolsFile, String transferDefaultUri, String dtmfText,
      int bargeInMinSpeechMillis, boolean echoGuard, int connectTimeoutMillis, FailureAction failureAction,
      String apologyText, String fallback, String ttsUrl) {
    this(defaultFlavor, rules, botConfigUrl, instructions, voice, language, toolsFile, transferDefaultUri,
        dtmfText, bargeInMinSpeechMillis, echoGuard, connectTimeoutMillis, failureAction, apologyText,
        fallback, ttsUrl, 0);
  }

  /** What happens when the back end is down at call start. */
  public enum FailureAction {
    APOLOGY,
    REJECT
  }

  /** AI_FLAVOR value meaning: no AI, calls carry media only (call-layer tests, line checks). */
  public static final String NO_FLAVOR = "none";

  public static AiSettings from(Settings s) {
    String dtmfText = s.asMap().getOrDefault("DTMF_TEXT", "The caller pressed %s.");
    if (!dtmfText.isEmpty()) {
      try {
        String.format(dtmfText, "5");
      } catch (java.util.IllegalFormatException e) {
        throw new ConfigException("setting DTMF_TEXT=" + dtmfText + " is not a valid format: " + e.getMessage());
      }
    }
    String action = s.string("AI_FAILURE_ACTION", "apology").trim().toLowerCase();
    FailureAction failureAction = switch (action) {
      case "apology" -> FailureAction.APOLOGY;
      case "reject" -> FailureAction.REJECT;
      default -> throw new ConfigException(
          "setting AI_FAILURE_ACTION=" + action + " is not one of apology, reject");
    };
    String fallback = s.string("AI_FALLBACK", "apology").trim();
    if (!fallback.equals("apology") && !fallback.startsWith("flavor:") && !fallback.startsWith("transfer:")) {
      throw new ConfigException(
          "setting AI_FALLBACK=" + fallback + " is not one of apology, flavor:NAME, transfer:SIP-URI");
    }
    return new AiSettings(
        s.string("AI_FLAVOR", "realtime").trim(),
        FlavorRule.parseAll(s.string("AI_FLAVOR_RULES", "")),
        s.string("AI_BOT_CONFIG_URL", "").trim(),
        s.string("AI_INSTRUCTIONS", ""),
        s.string("AI_VOICE", ""),
        s.string("AI_LANGUAGE", "en"),
        s.string("AI_TOOLS_FILE", "").trim(),
        s.string("TRANSFER_DEFAULT_URI", "").trim(),
        dtmfText,
        s.asMap().containsKey("BARGE_IN_MIN_SPEECH_MS") ? s.integer("BARGE_IN_MIN_SPEECH_MS", 20, 5000) : 200,
        s.bool("ECHO_GUARD", true),
        s.asMap().containsKey("AI_CONNECT_TIMEOUT_MS") ? s.integer("AI_CONNECT_TIMEOUT_MS", 100, 60000) : 3000,
        failureAction,
        s.string("AI_APOLOGY_TEXT", Apology.DEFAULT_TEXT),
        fallback,
        ttsUrl(s),
        s.asMap().containsKey("BARGE_IN_ONSET_MS") ? s.integer("BARGE_IN_ONSET_MS", 0, 5000) : 40);
  }

  /** The speech endpoint the apology is synthesised with when its text is not the default. */
  private static String ttsUrl(Settings s) {
    String url = s.string("TTS_URL", "");
    if (!url.isEmpty()) {
      return url;
    }
    return "http://" + s.string("AI_SERVICE_HOST", "127.0.0.1") + ":"
        + s.string("TTS_SERVICE_PORT", "8000") + "/v1/audio/speech";
  }

  public boolean enabled() {
    return !NO_FLAVOR.equalsIgnoreCase(defaultFlavor) || !rules.isEmpty() || !botConfigUrl.isEmpty();
  }
}
