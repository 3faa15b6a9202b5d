package org.oavc.xdp;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpRequest;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.oavc.common.http.ApiToken;

/** Small blocking HTTP client for the agent API in tests; it sends {@link #TOKEN}. */
final class AgentHttp implements AutoCloseable {
  /** The API token every agent a test starts is given ({@link #options()}). */
  static final String TOKEN = "test-xdp-agent-token-0123456789";

  private final WebClient client;
  private final int port;
  private final String token;

  AgentHttp(Vertx vertx, int port) {
    this(vertx, port, TOKEN);
  }

  /** A client that sends {@code token} (an agent that generated its own). */
  AgentHttp(Vertx vertx, int port, String token) {
    this.client = WebClient.create(vertx);
    this.port = port;
    this.token = token;
  }

  /** Agent options for a test: the known token, nothing else set. */
  static XdpAgentOptions options() {
    return new XdpAgentOptions().setApiToken(ApiToken.of(TOKEN, "XDP_AGENT_TOKEN"));
  }

  /** A request with no token: for tests of refusals. */
  HttpRequest<Buffer> bare(HttpMethod method, String uri) {
    return client.request(method, port, "127.0.0.1", uri);
  }

  HttpResponse<Buffer> call(HttpMethod method, String uri, Object body) {
    var req = bare(method, uri).bearerTokenAuthentication(token);
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
