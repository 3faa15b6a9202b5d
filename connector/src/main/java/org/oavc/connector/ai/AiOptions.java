package org.oavc.connector.ai;

import java.util.List;
import java.util.Locale;
import org.oavc.common.net.UrlRedaction;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;
import org.oavc.connector.ai.impl.Apology;
import org.oavc.connector.ai.impl.FlavorRule;
import org.oavc.connector.ai.pipeline.PipelineOptions;
import org.oavc.connector.ai.tools.TransferAllowlist;

/**
 * The AI agent's settings from the config file, checked once at start-up so that a typo fails the
 * daemon's start with a message naming the key instead of failing calls later.
 */
public record AiOptions(
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
    int bargeInOnsetMillis,
    TransferAllowlist transferAllowed,
    AiLimitOptions limits) {

  /** The settings without the barge-in onset stage (as before BARGE_IN_ONSET_MS existed). */
  public AiOptions(
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
      String ttsUrl) {
    this(
        defaultFlavor,
        rules,
        botConfigUrl,
        instructions,
        voice,
        language,
        toolsFile,
        transferDefaultUri,
        dtmfText,
        bargeInMinSpeechMillis,
        echoGuard,
        connectTimeoutMillis,
        failureAction,
        apologyText,
        fallback,
        ttsUrl,
        0,
        TransferAllowlist.of(List.of(), transferDefaultUri),
        AiLimitOptions.defaults());
  }

  /** What happens when the back end is down at call start. */
  public enum FailureAction {
    APOLOGY,
    REJECT
  }

  /** AI_FLAVOR value meaning: no AI, calls carry media only (call-layer tests, line checks). */
  public static final String NO_FLAVOR = "none";

  /**
   * AI_FLAVOR, AI_FLAVOR_RULES, AI_BOT_CONFIG_URL, AI_INSTRUCTIONS, AI_VOICE, AI_LANGUAGE,
   * AI_TOOLS_FILE, TRANSFER_DEFAULT_URI, TRANSFER_ALLOWED, DTMF_TEXT, BARGE_IN_MIN_SPEECH_MS,
   * BARGE_IN_ONSET_MS, ECHO_GUARD, AI_FAILURE_ACTION, AI_APOLOGY_TEXT, AI_FALLBACK; the connect
   * timeout from {@link AiConnectOptions}, the apology's speech endpoint from {@link
   * PipelineOptions}.
   */
  public static AiOptions fromSettings(Settings s) {
    String dtmfText = s.string("DTMF_TEXT");
    if (!dtmfText.isEmpty()) {
      try {
        String.format(dtmfText, "5");
      } catch (java.util.IllegalFormatException e) {
        throw new ConfigException(
            "setting DTMF_TEXT=" + dtmfText + " is not a valid format: " + e.getMessage());
      }
    }
    FailureAction failureAction =
        FailureAction.valueOf(
            s.choice("AI_FAILURE_ACTION", "apology", "reject").toUpperCase(Locale.ROOT));
    String fallback = s.string("AI_FALLBACK").trim();
    if (!fallback.equals("apology")
        && !fallback.startsWith("flavor:")
        && !fallback.startsWith("transfer:")) {
      throw new ConfigException(
          "setting AI_FALLBACK="
              + fallback
              + " is not one of apology, flavor:NAME, transfer:SIP-URI");
    }
    String transferDefaultUri = s.string("TRANSFER_DEFAULT_URI").trim();
    TransferAllowlist transferAllowed;
    try {
      transferAllowed = TransferAllowlist.of(s.list("TRANSFER_ALLOWED"), transferDefaultUri);
    } catch (IllegalArgumentException e) {
      throw new ConfigException(
          "setting TRANSFER_ALLOWED (or TRANSFER_DEFAULT_URI, its default): " + e.getMessage());
    }
    return new AiOptions(
        s.string("AI_FLAVOR").trim(),
        FlavorRule.parseAll(s.string("AI_FLAVOR_RULES")),
        s.string("AI_BOT_CONFIG_URL").trim(),
        s.string("AI_INSTRUCTIONS"),
        s.string("AI_VOICE"),
        s.string("AI_LANGUAGE"),
        s.string("AI_TOOLS_FILE").trim(),
        transferDefaultUri,
        dtmfText,
        s.integer("BARGE_IN_MIN_SPEECH_MS", 20, 5000),
        s.bool("ECHO_GUARD"),
        AiConnectOptions.fromSettings(s).connectTimeoutMillis(),
        failureAction,
        s.optional("AI_APOLOGY_TEXT").orElse(Apology.DEFAULT_TEXT),
        fallback,
        PipelineOptions.fromSettings(s).ttsUrl(),
        s.integer("BARGE_IN_ONSET_MS", 0, 5000),
        transferAllowed,
        AiLimitOptions.fromSettings(s));
  }

  /**
   * As the record prints itself, but the bot-config URL without query or user-info, where a token
   * may ride: logs must not hold it.
   */
  @Override
  public String toString() {
    return "AiOptions[defaultFlavor="
        + defaultFlavor
        + ", rules="
        + rules
        + ", botConfigUrl="
        + UrlRedaction.redact(botConfigUrl)
        + ", voice="
        + voice
        + ", language="
        + language
        + ", toolsFile="
        + toolsFile
        + ", transferDefaultUri="
        + transferDefaultUri
        + ", transferAllowed="
        + transferAllowed
        + ", failureAction="
        + failureAction
        + ", fallback="
        + fallback
        + ", ttsUrl="
        + UrlRedaction.redact(ttsUrl)
        + ", limits="
        + limits
        + ", ...]";
  }

  public boolean enabled() {
    return !NO_FLAVOR.equalsIgnoreCase(defaultFlavor)
        || !rules.isEmpty()
        || !botConfigUrl.isEmpty();
  }
}
