package org.oavc.connector.ai.pipeline.impl;

import io.vertx.core.Context;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import okhttp3.Call;
import okhttp3.Callback;
import okhttp3.MediaType;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okhttp3.ResponseBody;
import okio.BufferedSource;
import org.oavc.common.net.UrlRedaction;

/**
 * One JSON POST whose response body is read as it streams in, on OkHttp's dispatcher thread (never
 * an event loop). Everything the subclass reports goes through {@link #deliver}, which hops to the
 * call's context and drops it once the request is cancelled, so a cancelled request never reaches
 * the session again.
 */
abstract class StreamingPost {
  private static final MediaType JSON = MediaType.get("application/json; charset=utf-8");

  /** How much of an error body goes into the exception message. */
  private static final int ERROR_BODY_CHARS = 300;

  private final Context context;
  private volatile boolean cancelled;
  private Call call;

  StreamingPost(Context context) {
    this.context = context;
  }

  /** Sends the request; the outcome arrives through the subclass's callbacks on the context. */
  final void send(OkHttpClient http, String url, String bearer, JsonObject body) {
    if (cancelled) {
      return;
    }
    Request.Builder request =
        new Request.Builder().url(url).post(RequestBody.create(body.encode(), JSON));
    if (bearer != null && !bearer.isEmpty()) {
      request.header("Authorization", "Bearer " + bearer);
    }
    call = http.newCall(request.build());
    call.enqueue(
        new Callback() {
          @Override
          public void onFailure(Call c, IOException e) {
            deliver(() -> failed(e));
          }

          @Override
          public void onResponse(Call c, Response response) {
            try (ResponseBody responseBody = response.body()) {
              if (!response.isSuccessful()) {
                String text = responseBody.string();
                String snippet =
                    text.length() > ERROR_BODY_CHARS ? text.substring(0, ERROR_BODY_CHARS) : text;
                IOException e =
                    new IOException(
                        "HTTP "
                            + response.code()
                            + " from "
                            + UrlRedaction.redact(url)
                            + ": "
                            + snippet);
                deliver(() -> failed(e));
                return;
              }
              read(response, responseBody.source());
            } catch (IOException | RuntimeException e) {
              deliver(() -> failed(e));
            }
          }
        });
  }

  /** Reads the successful response on the OkHttp thread, reporting through {@link #deliver}. */
  abstract void read(Response response, BufferedSource body) throws IOException;

  /** The request failed (transport, HTTP status or bad content); on the context. */
  abstract void failed(Throwable cause);

  /** Runs {@code action} on the call's context unless the request was cancelled meanwhile. */
  final void deliver(Runnable action) {
    if (cancelled) {
      return;
    }
    context.runOnContext(
        v -> {
          if (!cancelled) {
            action.run();
          }
        });
  }

  final boolean cancelled() {
    return cancelled;
  }

  /** Aborts the HTTP exchange; nothing more is delivered. Idempotent. */
  final void cancel() {
    cancelled = true;
    Call c = call;
    if (c != null) {
      c.cancel();
    }
  }
}
