package org.oavc.connector.phone.impl;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.function.Function;
import org.oavc.connector.call.CallRegistry;

/**
 * One browser's view of its call's transcript, as server-sent events: each new turn as an event
 * {@code turn}, then {@code end} once the call is over. It reads the call's transcript a few times
 * a second rather than hooking into the conversation: the page must never slow down or hold up a
 * call, and a few hundred milliseconds are well inside what a reader notices.
 */
final class TranscriptFeed {
  static final long POLL_MS = 250;
  private static final long KEEPALIVE_MS = 15_000;

  private final Vertx vertx;
  private final HttpServerResponse response;
  private final String key;
  private final CallRegistry calls;
  private final Function<String, JsonObject> aiDetails;
  private int sent;
  private long timer = -1;
  private long lastWriteMs;
  private boolean closed;
  private Runnable onClose;

  TranscriptFeed(
      Vertx vertx,
      HttpServerResponse response,
      String key,
      CallRegistry calls,
      Function<String, JsonObject> aiDetails) {
    this.vertx = vertx;
    this.response = response;
    this.key = key;
    this.calls = calls;
    this.aiDetails = aiDetails;
  }

  void start(Runnable onClose) {
    this.onClose = onClose;
    response
        .setChunked(true)
        .putHeader("content-type", "text/event-stream")
        .putHeader("cache-control", "no-store")
        .putHeader("x-accel-buffering", "no"); // a proxy in front must not hold events back
    response.closeHandler(v -> close());
    response.write(": transcript of this call\n\n");
    lastWriteMs = System.currentTimeMillis();
    timer = vertx.setPeriodic(0, POLL_MS, id -> poll());
  }

  private void poll() {
    if (closed) {
      return;
    }
    if (response.writeQueueFull()) {
      response.reset(); // a browser that stopped reading: let it go rather than queue for it
      close();
      return;
    }
    boolean live = calls.find(key).map(v -> v.endedAt() == null).orElse(false);
    JsonObject ai = aiDetails.apply(key);
    JsonArray turns = ai == null ? null : ai.getJsonArray("transcript");
    if (turns != null) {
      if (turns.size() < sent) {
        sent = turns.size(); // the oldest turns were dropped from a long call's transcript
      }
      for (int i = sent; i < turns.size(); i++) {
        event("turn", turns.getJsonObject(i).encode());
      }
      sent = turns.size();
    }
    if (!live) {
      event("end", "{}");
      response.end();
      close();
    } else if (System.currentTimeMillis() - lastWriteMs > KEEPALIVE_MS) {
      response.write(": keep-alive\n\n");
      lastWriteMs = System.currentTimeMillis();
    }
  }

  private void event(String name, String json) {
    // JSON encoding escapes line breaks, so one data line always holds the whole event.
    response.write("event: " + name + "\ndata: " + json + "\n\n");
    lastWriteMs = System.currentTimeMillis();
  }

  private void close() {
    if (closed) {
      return;
    }
    closed = true;
    vertx.cancelTimer(timer);
    onClose.run();
  }
}
