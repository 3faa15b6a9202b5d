package org.oavc.connector.ai.impl;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.WebClient;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.oavc.connector.ai.AiOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a caller hears when the AI is not there. The default text ships as a WAV (made once with
 * FreeTTS), so it plays even when every AI service is down; a changed text is synthesised once at
 * start-up through the speech endpoint, falling back to the shipped WAV when that fails.
 */
public final class Apology {
  private static final Logger log = LoggerFactory.getLogger("oavc.ai");
  public static final String DEFAULT_TEXT =
      "Sorry, our assistant is not available right now. Please call again later.";
  static final String RESOURCE = "/org/oavc/connector/ai/apology.wav";

  private final WavAudio audio;

  private Apology(WavAudio audio) {
    this.audio = audio;
  }

  public static Apology shipped() {
    try (InputStream in = Apology.class.getResourceAsStream(RESOURCE)) {
      if (in == null) {
        throw new IllegalStateException("apology resource " + RESOURCE + " is missing");
      }
      return new Apology(WavAudio.parse(in.readAllBytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The apology for {@code settings}: shipped for the default text, else synthesised. */
  public static Future<Apology> load(Vertx vertx, AiOptions settings) {
    Apology shipped = shipped();
    String text = settings.apologyText();
    if (text.equals(DEFAULT_TEXT) || text.isBlank()) {
      return Future.succeededFuture(shipped);
    }
    WebClient http = WebClient.create(vertx);
    return SpokenText.synthesise(http, settings, text)
        .map(Apology::new)
        .otherwise(
            e -> {
              log.warn(
                  "AI_APOLOGY_TEXT could not be synthesised at {} ({}): the default apology plays instead",
                  settings.ttsUrl(),
                  e.getMessage());
              return shipped;
            })
        .eventually(
            () -> {
              http.close();
              return Future.succeededFuture();
            });
  }

  public int sampleRate() {
    return audio.sampleRate();
  }

  /** A fresh copy of the samples (the media session may keep the array). */
  public Future<short[]> pcm() {
    return Future.succeededFuture(audio.pcm().clone());
  }

  public long durationMillis() {
    return audio.pcm().length * 1000L / audio.sampleRate();
  }
}
