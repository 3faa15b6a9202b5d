package org.oavc.connector.ai.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;

class PipelineOptionsTest {

  @Test
  void emptyUrlsPointAtTheLocalServices() {
    PipelineOptions c =
        PipelineOptions.fromSettings(
            Settings.defaultsWith(
                Map.of(
                    "AI_SERVICE_HOST",
                    "::1",
                    "STT_SERVICE_PORT",
                    "2801",
                    "TTS_SERVICE_PORT",
                    "8100")));
    assertThat(c.sttUri().toString()).isEqualTo("ws://[::1]:2801");
    assertThat(c.chatUrl()).isEqualTo("http://[::1]:8100/v1/chat/completions");
    assertThat(c.ttsUrl()).isEqualTo("http://[::1]:8100/v1/audio/speech");
    assertThat(c.ttsFormat()).isEqualTo("pcm");
    assertThat(c.chatApiKey()).isEmpty();
  }

  @Test
  void explicitSettingsWin() {
    PipelineOptions c =
        PipelineOptions.fromSettings(
            Settings.defaultsWith(
                Map.of(
                    "STT_URL",
                    "wss://stt.example/ws",
                    "CHAT_URL",
                    "https://llm.example/v1/chat/completions",
                    "CHAT_MODEL",
                    "m1",
                    "CHAT_API_KEY",
                    "k",
                    "TTS_FORMAT",
                    "WAV",
                    "AI_CONNECT_TIMEOUT_MS",
                    "1500")));
    assertThat(c.sttUri().getHost()).isEqualTo("stt.example");
    assertThat(c.chatUrl()).startsWith("https://llm.example");
    assertThat(c.chatModel()).isEqualTo("m1");
    assertThat(c.ttsFormat()).isEqualTo("wav");
    assertThat(c.connectTimeoutMillis()).isEqualTo(1500);
  }

  @Test
  void badValuesNameTheirKey() {
    assertThatThrownBy(
            () -> PipelineOptions.fromSettings(Settings.defaultsWith(Map.of("TTS_FORMAT", "mp3"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("TTS_FORMAT");
    assertThatThrownBy(
            () ->
                PipelineOptions.fromSettings(
                    Settings.defaultsWith(Map.of("STT_URL", "http://x:1"))))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("STT_URL");
  }

  @Test
  void printingNeverShowsTheApiKeys() {
    PipelineOptions c =
        PipelineOptions.fromSettings(
            Settings.defaultsWith(
                Map.of(
                    "CHAT_API_KEY",
                    "sk-secret-chat",
                    "TTS_API_KEY",
                    "sk-secret-tts",
                    "TTS_URL",
                    "https://tts.example.com/v1/audio/speech?key=sk-secret-query",
                    "STT_URL",
                    "wss://user:sk-secret-userinfo@stt.example.com:2700/v1")));
    assertThat(c.chatApiKey()).isEqualTo("sk-secret-chat");
    assertThat(c.toString())
        .doesNotContain("sk-secret")
        .contains("ttsUrl=https://tts.example.com/v1/audio/speech?(redacted)")
        .contains("sttUri=wss://stt.example.com:2700/v1")
        .contains("chatApiKey=(set)")
        .contains("chatModel=local-agent");
  }
}
