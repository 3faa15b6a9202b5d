package org.oavc.aiservices;

import io.micrometer.core.instrument.MeterRegistry;
import org.oavc.common.settings.Settings;

/** Where the AI services listen and what they load. Defaults match config/oavc.env. */
public class AiServicesOptions {
  public static final String DEFAULT_HOST = "127.0.0.1";
  public static final int DEFAULT_AI_PORT = 2700;
  public static final int DEFAULT_STT_PORT = 2701;
  public static final int DEFAULT_TTS_PORT = 8000;
  public static final int DEFAULT_MAX_AUDIO_MESSAGE_BYTES = 1 << 20;

  private String host = DEFAULT_HOST;
  private int aiPort = DEFAULT_AI_PORT;
  private int sttPort = DEFAULT_STT_PORT;
  private int ttsPort = DEFAULT_TTS_PORT;
  private String modelPath;
  private String agentConfigPath;
  private int maxAudioMessageBytes = DEFAULT_MAX_AUDIO_MESSAGE_BYTES;
  private int recognitionThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
  private int synthesisThreads = 2;
  private MeterRegistry meterRegistry;

  /**
   * AI_SERVICE_HOST, AI_SERVICE_PORT, STT_SERVICE_PORT, TTS_SERVICE_PORT, VOSK_MODEL_PATH and
   * AGENT_CONFIG_FILE (empty: the bundled model, the built-in agent). The one reader of these keys:
   * the connector reaches the services through the same values.
   */
  public static AiServicesOptions fromSettings(Settings s) {
    AiServicesOptions o =
        new AiServicesOptions()
            .setHost(s.string("AI_SERVICE_HOST").trim())
            .setAiPort(s.port("AI_SERVICE_PORT"))
            .setSttPort(s.port("STT_SERVICE_PORT"))
            .setTtsPort(s.port("TTS_SERVICE_PORT"));
    s.optional("VOSK_MODEL_PATH").ifPresent(o::setModelPath);
    s.optional("AGENT_CONFIG_FILE").ifPresent(o::setAgentConfigPath);
    return o;
  }

  /** The host as a URI needs it: an IPv6 literal in brackets. */
  public String uriHost() {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  public String getHost() {
    return host;
  }

  /** Bind address of all services (AI_SERVICE_HOST). */
  public AiServicesOptions setHost(String host) {
    this.host = host;
    return this;
  }

  public int getAiPort() {
    return aiPort;
  }

  /** Realtime speech-to-speech WebSocket port (AI_SERVICE_PORT); 0 picks a free one. */
  public AiServicesOptions setAiPort(int aiPort) {
    this.aiPort = aiPort;
    return this;
  }

  public int getSttPort() {
    return sttPort;
  }

  /** Vosk-protocol WebSocket port (STT_SERVICE_PORT); 0 picks a free one. */
  public AiServicesOptions setSttPort(int sttPort) {
    this.sttPort = sttPort;
    return this;
  }

  public int getTtsPort() {
    return ttsPort;
  }

  /** OpenAI-compatible HTTP port (TTS_SERVICE_PORT); 0 picks a free one. */
  public AiServicesOptions setTtsPort(int ttsPort) {
    this.ttsPort = ttsPort;
    return this;
  }

  public String getModelPath() {
    return modelPath;
  }

  /** Unpacked Vosk model directory; null: found by {@code ModelLocator}. */
  public AiServicesOptions setModelPath(String modelPath) {
    this.modelPath = modelPath;
    return this;
  }

  public String getAgentConfigPath() {
    return agentConfigPath;
  }

  /** JSON script of the rule-based agent; null: the built-in one. */
  public AiServicesOptions setAgentConfigPath(String agentConfigPath) {
    this.agentConfigPath = agentConfigPath;
    return this;
  }

  public int getMaxAudioMessageBytes() {
    return maxAudioMessageBytes;
  }

  /** Largest STT WebSocket message; bigger ones close the connection with 1009. */
  public AiServicesOptions setMaxAudioMessageBytes(int maxAudioMessageBytes) {
    this.maxAudioMessageBytes = maxAudioMessageBytes;
    return this;
  }

  public int getRecognitionThreads() {
    return recognitionThreads;
  }

  public AiServicesOptions setRecognitionThreads(int recognitionThreads) {
    this.recognitionThreads = recognitionThreads;
    return this;
  }

  public int getSynthesisThreads() {
    return synthesisThreads;
  }

  public AiServicesOptions setSynthesisThreads(int synthesisThreads) {
    this.synthesisThreads = synthesisThreads;
    return this;
  }

  public MeterRegistry getMeterRegistry() {
    return meterRegistry;
  }

  /** Where meters go; null: a private SimpleMeterRegistry. */
  public AiServicesOptions setMeterRegistry(MeterRegistry meterRegistry) {
    this.meterRegistry = meterRegistry;
    return this;
  }
}
