package org.oavc.connector.cli;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.oavc.connector.config.OavcConfig;

/** The CLI's blocking client of the management API (a short-lived process may block). */
final class ManagementClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final String base;

  ManagementClient(OavcConfig c) {
    String host = c.httpIp.equals("0.0.0.0") ? "127.0.0.1" : c.httpIp;
    this.base = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + c.httpPort;
  }

  /** Sends {@code method path}; null (after telling the operator) when no connector listens. */
  HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (ConnectException e) {
      System.err.println("no connector answers at " + base);
      return null;
    }
  }

  static String segment(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }
}
