package org.oavc.connector.report.impl;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-OAVC-Signature} header of a report: {@code t=<unix seconds>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>" with REPORT_WEBHOOK_SECRET>}. The time inside the signed text lets a receiver refuse
 * an old report replayed by whoever saw it pass.
 */
public final class WebhookSignature {
  public static final String HEADER = "X-OAVC-Signature";

  private WebhookSignature() {}

  /**
   * POSTs {@code body} as JSON to {@code url}, signed now, with {@code id} as its Idempotency-Key:
   * how every report and status event leaves.
   */
  static io.vertx.core.Future<io.vertx.ext.web.client.HttpResponse<io.vertx.core.buffer.Buffer>>
      post(
          io.vertx.ext.web.client.WebClient client,
          String url,
          int timeoutMillis,
          String secret,
          String id,
          String body) {
    return client
        .postAbs(url)
        .timeout(timeoutMillis)
        .putHeader("Content-Type", "application/json")
        .putHeader("Idempotency-Key", id)
        .putHeader(HEADER, header(secret, System.currentTimeMillis() / 1000, body))
        .sendBuffer(io.vertx.core.buffer.Buffer.buffer(body));
  }

  public static String header(String secret, long unixSeconds, String body) {
    return "t=" + unixSeconds + ",v1=" + hmac(secret, unixSeconds + "." + body);
  }

  static String hmac(String secret, String text) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(text.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HmacSHA256 unavailable", e);
    }
  }
}
