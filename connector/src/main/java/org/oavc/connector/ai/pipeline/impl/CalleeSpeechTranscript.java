package org.oavc.connector.ai.pipeline.impl;

import io.vertx.core.Context;
import java.util.ArrayDeque;
import java.util.function.Consumer;
import org.oavc.connector.ai.CalleeTranscript;
import org.oavc.connector.ai.FlavorMetrics;
import org.oavc.connector.ai.WebSocketSendBound;
import org.oavc.connector.ai.pipeline.PipelineOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline's speech-to-text stream on a callee's audio while answering-machine detection
 * listens. Frames that come before the socket is open are kept (at most {@link #KEPT_MILLIS}), so
 * the greeting's first words are heard too. A failed or dropped stream only ends the words: the
 * timing rules and the beep still decide.
 */
final class CalleeSpeechTranscript implements CalleeTranscript, SttStream.Listener {
  private static final Logger log = LoggerFactory.getLogger("oavc.amd");
  private static final int KEPT_MILLIS = 3000;

  private final Context context;
  private final int sampleRate;
  private final Consumer<String> onText;
  private final SttStream stt;

  /** Confined to {@link #context}. */
  private final ArrayDeque<short[]> waiting = new ArrayDeque<>();

  private int waitingSamples;
  private boolean connected;
  private boolean closed;

  CalleeSpeechTranscript(
      Context context,
      PipelineOptions config,
      int sampleRate,
      Consumer<String> onText,
      FlavorMetrics metrics) {
    this.context = context;
    this.sampleRate = sampleRate;
    this.onText = onText;
    this.stt =
        new SttStream(
            context,
            config.sttUri(),
            sampleRate,
            config.connectTimeoutMillis(),
            new WebSocketSendBound(config.limits()),
            this,
            metrics);
  }

  /** Connects in the background; on the transcript's context. */
  CalleeSpeechTranscript open() {
    stt.connect()
        .onComplete(
            ar -> {
              if (closed) {
                return;
              }
              if (ar.failed()) {
                log.warn("AMD without words: {}", ar.cause().getMessage());
                close();
                return;
              }
              connected = true;
              waiting.forEach(stt::send);
              waiting.clear();
            });
    return this;
  }

  @Override
  public void onAudio(short[] pcm) {
    context.runOnContext(v -> send(pcm));
  }

  private void send(short[] pcm) {
    if (closed) {
      return;
    }
    if (connected) {
      stt.send(pcm);
      return;
    }
    waiting.add(pcm);
    waitingSamples += pcm.length;
    while (waitingSamples > (long) sampleRate * KEPT_MILLIS / 1000) {
      waitingSamples -= waiting.removeFirst().length;
    }
  }

  @Override
  public void close() {
    context.runOnContext(
        v -> {
          closed = true;
          waiting.clear();
          stt.close();
        });
  }

  @Override
  public void onPartial(String text) {
    if (!closed && !text.isEmpty()) {
      onText.accept(text);
    }
  }

  @Override
  public void onFinal(String text) {
    onPartial(text);
  }

  @Override
  public void onDropped(String reason) {
    log.warn("AMD speech-to-text stream dropped ({}); the timing rules decide alone", reason);
    close();
  }

  @Override
  public void onStalled(String reason) {
    onDropped(reason);
  }
}
