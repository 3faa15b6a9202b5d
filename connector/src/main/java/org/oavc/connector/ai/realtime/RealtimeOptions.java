package org.oavc.connector.ai.realtime;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.oavc.aiservices.AiServicesOptions;
import org.oavc.common.net.UrlRedaction;
import org.oavc.common.settings.Settings;
import org.oavc.connector.ai.AiConnectOptions;
import org.oavc.connector.ai.AiLimitOptions;

/** How realtime sessions reach their back end. {@link #fromSettings} reads config/oavc.env keys. */
public class RealtimeOptions {
  public static final String DEFAULT_TRANSCRIPTION_MODEL = "whisper-1";

  private String url = "ws://127.0.0.1:2700";
  private String apiKey;
  private String model = "gpt-realtime";
  private boolean beta;
  private boolean g711Passthrough = true;
  private int connectTimeoutMillis = 3000;
  private int reconnectBackoffMillis = 500;
  private int batchMillis = 40;
  private String transcriptionModel = DEFAULT_TRANSCRIPTION_MODEL;
  private MeterRegistry meterRegistry = new SimpleMeterRegistry();
  private AiLimitOptions limits = AiLimitOptions.defaults();

  /**
   * REALTIME_URL (empty: the local service, ws://AI_SERVICE_HOST:AI_SERVICE_PORT),
   * REALTIME_API_KEY, REALTIME_MODEL, REALTIME_PROTOCOL (ga|beta), REALTIME_G711_PASSTHROUGH;
   * timeouts from {@link AiConnectOptions}, the send-queue bound from {@link AiLimitOptions}.
   */
  public static RealtimeOptions fromSettings(Settings settings) {
    AiServicesOptions local = AiServicesOptions.fromSettings(settings);
    AiConnectOptions connect = AiConnectOptions.fromSettings(settings);
    return new RealtimeOptions()
        .setUrl(
            settings
                .optional("REALTIME_URL")
                .orElse("ws://" + local.uriHost() + ":" + local.getAiPort()))
        .setApiKey(settings.optional("REALTIME_API_KEY").orElse(null))
        .setModel(settings.optional("REALTIME_MODEL").orElse(null))
        .setBeta(settings.choice("REALTIME_PROTOCOL", "ga", "beta").equals("beta"))
        .setG711Passthrough(settings.bool("REALTIME_G711_PASSTHROUGH"))
        .setConnectTimeoutMillis(connect.connectTimeoutMillis())
        .setReconnectBackoffMillis(connect.reconnectBackoffMillis())
        .setLimits(AiLimitOptions.fromSettings(settings));
  }

  public String getUrl() {
    return url;
  }

  /** ws:// or wss:// URL of the back end; OpenAI hosts get {@code ?model=} added. */
  public RealtimeOptions setUrl(String url) {
    this.url = url;
    return this;
  }

  public String getApiKey() {
    return apiKey;
  }

  /** Sent as {@code Authorization: Bearer <key>}; null or empty: no header. */
  public RealtimeOptions setApiKey(String apiKey) {
    this.apiKey = apiKey;
    return this;
  }

  public String getModel() {
    return model;
  }

  public RealtimeOptions setModel(String model) {
    this.model = model;
    return this;
  }

  public boolean isBeta() {
    return beta;
  }

  /** true: beta session shape and the {@code OpenAI-Beta: realtime=v1} header; false: GA. */
  public RealtimeOptions setBeta(boolean beta) {
    this.beta = beta;
    return this;
  }

  public boolean isG711Passthrough() {
    return g711Passthrough;
  }

  /** true: G.711 calls exchange 8 kHz u-law/a-law with the back end instead of PCM16 24 kHz. */
  public RealtimeOptions setG711Passthrough(boolean g711Passthrough) {
    this.g711Passthrough = g711Passthrough;
    return this;
  }

  public int getConnectTimeoutMillis() {
    return connectTimeoutMillis;
  }

  /** Bound of the TCP connect plus WebSocket handshake. */
  public RealtimeOptions setConnectTimeoutMillis(int connectTimeoutMillis) {
    this.connectTimeoutMillis = connectTimeoutMillis;
    return this;
  }

  public int getReconnectBackoffMillis() {
    return reconnectBackoffMillis;
  }

  /** Wait before the single reconnect after the socket dropped mid-call. */
  public RealtimeOptions setReconnectBackoffMillis(int reconnectBackoffMillis) {
    this.reconnectBackoffMillis = reconnectBackoffMillis;
    return this;
  }

  public int getBatchMillis() {
    return batchMillis;
  }

  /** Caller audio per {@code input_audio_buffer.append} event. */
  public RealtimeOptions setBatchMillis(int batchMillis) {
    this.batchMillis = batchMillis;
    return this;
  }

  public String getTranscriptionModel() {
    return transcriptionModel;
  }

  /** Model that transcribes the caller's turns (needed for caller transcript events). */
  public RealtimeOptions setTranscriptionModel(String transcriptionModel) {
    this.transcriptionModel = transcriptionModel;
    return this;
  }

  public MeterRegistry getMeterRegistry() {
    return meterRegistry;
  }

  public RealtimeOptions setMeterRegistry(MeterRegistry meterRegistry) {
    this.meterRegistry = meterRegistry;
    return this;
  }

  public AiLimitOptions getLimits() {
    return limits;
  }

  /**
   * The send-queue bound and stall time, and the turn caps of the history restored on reconnect.
   */
  public RealtimeOptions setLimits(AiLimitOptions limits) {
    this.limits = limits;
    return this;
  }

  /**
   * The settings without the API key, which only shows as set or not, and the URL without query or
   * user-info (where a key may ride too): logs must not hold them.
   */
  @Override
  public String toString() {
    return "RealtimeOptions[url="
        + UrlRedaction.redact(url)
        + ", apiKey="
        + (apiKey == null || apiKey.isEmpty() ? "(none)" : "(set)")
        + ", model="
        + model
        + ", beta="
        + beta
        + ", g711Passthrough="
        + g711Passthrough
        + ", connectTimeoutMillis="
        + connectTimeoutMillis
        + ", reconnectBackoffMillis="
        + reconnectBackoffMillis
        + ", batchMillis="
        + batchMillis
        + ", limits="
        + limits
        + "]";
  }
}
