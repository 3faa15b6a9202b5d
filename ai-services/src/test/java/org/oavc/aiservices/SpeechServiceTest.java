package org.oavc.aiservices;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** POST /v1/audio/speech: real FreeTTS audio that Vosk recognises back. */
class SpeechServiceTest extends ServicesTestBase {

  private static HttpResponse<byte[]> speech(JsonObject request) throws Exception {
    return Http.post("/v1/audio/speech", request.encode());
  }

  private static String recogniseBack(byte[] pcm, int rate) throws Exception {
    VoskTestClient client = VoskTestClient.connect(SharedServices.sttUri());
    client.config(
        rate,
        "what time is it",
        "goodbye",
        "thank you for calling",
        "goodbye thank you for calling");
    // Silence around the reply, as a caller would hear it inside a call.
    byte[] silence = new byte[rate * 3 / 10 * 2];
    client.sendAudio(silence, rate);
    client.sendAudio(pcm, rate);
    client.sendAudio(silence, rate);
    client.eof();
    await().atMost(WAIT).until(() -> client.finalResult() != null);
    StringBuilder text = new StringBuilder();
    client.replies.stream()
        .map(r -> r.getString("text", ""))
        .filter(t -> !t.isBlank())
        .forEach(t -> text.append(text.length() > 0 ? " " : "").append(t));
    return text.toString();
  }

  @Test
  void pcmIs24kHzSpeechOfPlausibleLengthThatVoskRecognises() throws Exception {
    HttpResponse<byte[]> response =
        speech(
            new JsonObject()
                .put("model", "tts-1")
                .put("voice", "alloy")
                .put("input", "What time is it?")
                .put("response_format", "pcm"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("audio/pcm");
    byte[] pcm = response.body();
    double seconds = pcm.length / 2.0 / 24000;
    assertThat(seconds).isBetween(0.5, 4.0);
    assertThat(Speech.rms(pcm, 0, pcm.length)).isGreaterThan(300);
    assertThat(recogniseBack(pcm, 24000)).isEqualTo("what time is it");
  }

  @Test
  void defaultFormatIsPcm() throws Exception {
    HttpResponse<byte[]> response = speech(new JsonObject().put("input", "goodbye"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("audio/pcm");
    assertThat(recogniseBack(response.body(), 24000)).isEqualTo("goodbye");
  }

  @Test
  void wavHasAStreamingHeaderAndSeveralSentences() throws Exception {
    HttpResponse<byte[]> response =
        speech(
            new JsonObject()
                .put("input", "Goodbye. Thank you for calling.")
                .put("response_format", "wav"));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("Content-Type")).hasValue("audio/wav");
    ByteBuffer header = ByteBuffer.wrap(response.body(), 0, 44).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(new String(response.body(), 0, 4, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("RIFF");
    assertThat(new String(response.body(), 8, 8, java.nio.charset.StandardCharsets.US_ASCII))
        .isEqualTo("WAVEfmt ");
    assertThat(header.getShort(20)).isEqualTo((short) 1);
    assertThat(header.getShort(22)).isEqualTo((short) 1);
    assertThat(header.getInt(24)).isEqualTo(24000);
    assertThat(header.getShort(34)).isEqualTo((short) 16);
    byte[] pcm = Arrays.copyOfRange(response.body(), 44, response.body().length);
    assertThat(pcm.length / 2.0 / 24000).isBetween(1.0, 6.0);
    assertThat(recogniseBack(pcm, 24000)).isEqualTo("goodbye thank you for calling");
  }

  @Test
  void sampleRateExtensionGivesTelephoneRate() throws Exception {
    HttpResponse<byte[]> response =
        speech(new JsonObject().put("input", "goodbye").put("sample_rate", 8000));
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.headers().firstValue("X-Sample-Rate")).hasValue("8000");
    assertThat(response.body().length / 2.0 / 8000).isBetween(0.3, 3.0);
    assertThat(recogniseBack(response.body(), 8000)).isEqualTo("goodbye");
  }

  @Test
  void badRequestsGetOpenAiStyleErrors() throws Exception {
    assertBadRequest(Http.post("/v1/audio/speech", "{not json"), null);
    assertBadRequest(speech(new JsonObject().put("model", "tts-1")), "input");
    assertBadRequest(speech(new JsonObject().put("input", 42)), "input");
    assertBadRequest(speech(new JsonObject().put("input", "x".repeat(5000))), "input");
    assertBadRequest(
        speech(new JsonObject().put("input", "hi").put("response_format", "mp3")),
        "response_format");
    assertBadRequest(
        speech(new JsonObject().put("input", "hi").put("sample_rate", 100)), "sample_rate");
  }

  static void assertBadRequest(HttpResponse<byte[]> response, String param) {
    assertThat(response.statusCode()).isEqualTo(400);
    JsonObject error = new JsonObject(Http.text(response)).getJsonObject("error");
    assertThat(error.getString("type")).isEqualTo("invalid_request_error");
    assertThat(error.getString("message")).isNotBlank();
    assertThat(error.getString("param")).isEqualTo(param);
  }
}
