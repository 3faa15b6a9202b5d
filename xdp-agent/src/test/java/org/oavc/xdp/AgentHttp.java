package org.oavc.xdp;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;

/** Small blocking HTTP client for the agent API in tests. */
final class AgentHttp implements AutoCloseable {
  private final WebClient client;
  private final int port;

  AgentHttp(Vertx vertx, int port) {
    this.client = WebClient.create(vertx);
    this.port = port;
  }

  HttpResponse<Buffer> call(HttpMethod method, String uri, Object body) {
    var req = client.request(method, port, "127.0.0.1", uri);
    if (body == null) {
      return req.send().await();
    }
    return body instanceof JsonObject json
        ? req.sendJsonObject(json).await()
        : req.sendBuffer(Buffer.buffer(body.toString())).await();
  }

  JsonObject get(String uri) {
    HttpResponse<Buffer> r = call(HttpMethod.GET, uri, null);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + uri + " -> " + r.statusCode() + " " + r.bodyAsString());
    }
    return r.bodyAsJsonObject();
  }

  @Override
  public void close() {
    client.close();
  }
}
