package org.oavc.aiservices.impl;

import io.vertx.core.json.DecodeException;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;

/** Error replies in the OpenAI shape: {"error": {"message", "type", "param", "code"}}. */
public final class OpenAiErrors {
  private OpenAiErrors() {}

  /** The request body as a JSON object, or null after answering 400. */
  public static JsonObject jsonBody(RoutingContext ctx) {
    try {
      String body = ctx.body().asString();
      if (body == null || body.isBlank()) {
        badRequest(ctx, null, "request body must be a JSON object");
        return null;
      }
      return new JsonObject(body);
    } catch (DecodeException | ClassCastException e) {
      badRequest(ctx, null, "request body is not valid JSON: " + e.getMessage());
      return null;
    }
  }

  public static void badRequest(RoutingContext ctx, String param, String message) {
    send(ctx, 400, "invalid_request_error", param, message);
  }

  public static void send(
      RoutingContext ctx, int status, String type, String param, String message) {
    JsonObject error =
        new JsonObject()
            .put("message", message)
            .put("type", type)
            .put("param", param)
            .put("code", null);
    ctx.response()
        .setStatusCode(status)
        .putHeader("Content-Type", "application/json")
        .end(new JsonObject().put("error", error).encode());
  }
}
