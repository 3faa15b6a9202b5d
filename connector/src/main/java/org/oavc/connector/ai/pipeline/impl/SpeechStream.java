package org.oavc.connector.ai.pipeline.impl;

import io.vertx.core.Context;
import java.io.IOException;
import okhttp3.Response;
import okio.BufferedSource;

/**
 * One speech request ({@code POST /v1/audio/speech}) whose audio is decoded and resampled to the
 * session's rate while it streams in, handed over piece by piece.
 */
final class SpeechStream extends StreamingPost {
  /** OpenAI's raw pcm format is 24 kHz; a server may say otherwise in X-Sample-Rate. */
  static final int DEFAULT_PCM_RATE = 24000;

  private static final int READ_BYTES = 4096;

  /** Called on the call's context. */
  interface Listener {
    void onAudio(short[] pcm);

    void onDone();

    void onError(Throwable cause);
  }

  private final boolean wav;
  private final int outputRate;
  private final Listener listener;

  SpeechStream(Context context, boolean wav, int outputRate, Listener listener) {
    super(context);
    this.wav = wav;
    this.outputRate = outputRate;
    this.listener = listener;
  }

  @Override
  void read(Response response, BufferedSource body) throws IOException {
    int rate = DEFAULT_PCM_RATE;
    String declared = response.header("X-Sample-Rate");
    if (declared != null) {
      try {
        rate = Integer.parseInt(declared.trim());
      } catch (NumberFormatException e) {
        throw new IOException("speech response has a bad X-Sample-Rate: " + declared, e);
      }
    }
    SpeechDecoder decoder = new SpeechDecoder(wav, rate, outputRate);
    byte[] buffer = new byte[READ_BYTES];
    int n;
    while (!cancelled() && (n = body.read(buffer)) != -1) {
      short[] pcm = decoder.feed(buffer, n);
      if (pcm.length > 0) {
        deliver(() -> listener.onAudio(pcm));
      }
    }
    deliver(listener::onDone);
  }

  @Override
  void failed(Throwable cause) {
    listener.onError(cause);
  }
}
