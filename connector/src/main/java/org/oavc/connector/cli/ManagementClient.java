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
import org.oavc.common.http.ApiGuardOptions;
import org.oavc.common.http.ApiToken;
import org.oavc.common.settings.ConfigException;
import org.oavc.connector.config.OavcConfig;

/**
 * The CLI's blocking client of the management API (a short-lived process may block). It sends the
 * token MANAGEMENT_TOKEN sets, else the one the connector generated into STATE_DIR.
 */
final class ManagementClient {
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
  private final String base;
  private final ApiGuardOptions access;

  ManagementClient(OavcConfig c) {
    String host =
        switch (c.httpIp) {
          case "0.0.0.0" -> "127.0.0.1";
          case "::", "[::]" -> "::1";
          default -> c.httpIp;
        };
    this.base =
        "http://"
            + (host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host)
            + ":"
            + c.httpPort;
    this.access = c.managementAccess;
  }

  /**
   * Sends {@code method path}; null (after telling the operator) when no connector listens or the
   * token cannot be read.
   */
  HttpResponse<String> send(String method, String path) throws IOException, InterruptedException {
    return send(method, path, null);
  }

  /** {@link #send(String, String)} with a JSON body (null: none). */
  HttpResponse<String> send(String method, String path, String json)
      throws IOException, InterruptedException {
    ApiToken token;
    try {
      token =
          access.getToken() != null
              ? access.getToken()
              : ApiToken.read(access.getTokenFile(), access.getTokenSetting());
    } catch (ConfigException e) {
      System.err.println("oavc: " + e.getMessage());
      return null;
    }
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(base + path))
            .timeout(Duration.ofSeconds(10))
            .header("Authorization", "Bearer " + token.value())
            .header("Content-Type", "application/json")
            .method(
                method,
                json == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(json))
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
