package org.oavc.connector.report;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.oavc.common.net.UrlRedaction;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;

/**
 * Where end-of-call reports go: a local JSONL file (always) and, when set, a webhook fed from a
 * durable outbox in the state directory.
 */
public final class ReportOptions {
  private Path file;
  private long fileMaxBytes = 100L << 20;
  private int fileKeep = 5;
  private Path outboxDir;
  private URI webhookUrl;
  private String webhookSecret = "";
  private int webhookTimeoutMillis = 5000;
  private int retryMaxSeconds = 300;
  private int outboxMax = 10_000;
  private boolean statusEvents;

  /**
   * Reads REPORT_FILE (empty: STATE_DIR/reports.jsonl), REPORT_FILE_MAX_MB, REPORT_FILE_KEEP,
   * REPORT_WEBHOOK_URL (empty: none), REPORT_WEBHOOK_SECRET (required with a URL),
   * REPORT_WEBHOOK_TIMEOUT_MS, REPORT_RETRY_MAX_S, REPORT_OUTBOX_MAX and REPORT_STATUS_EVENTS.
   */
  public static ReportOptions fromSettings(Settings s, Path stateDir) {
    ReportOptions o = new ReportOptions();
    String file = s.string("REPORT_FILE").trim();
    o.file = file.isEmpty() ? stateDir.resolve("reports.jsonl") : Path.of(file);
    o.fileMaxBytes = (long) s.integer("REPORT_FILE_MAX_MB", 1, 100_000) << 20;
    o.fileKeep = s.integer("REPORT_FILE_KEEP", 1, 1000);
    o.outboxDir = stateDir.resolve("report-outbox");
    String url = s.string("REPORT_WEBHOOK_URL").trim();
    o.webhookUrl = url.isEmpty() ? null : webhookUrl("REPORT_WEBHOOK_URL", url);
    o.webhookSecret = s.string("REPORT_WEBHOOK_SECRET");
    if (o.webhookUrl != null && o.webhookSecret.length() < 16) {
      throw new ConfigException(
          "REPORT_WEBHOOK_SECRET must have at least 16 characters when REPORT_WEBHOOK_URL is set:"
              + " the receiver checks each report's signature with it");
    }
    o.webhookTimeoutMillis = s.integer("REPORT_WEBHOOK_TIMEOUT_MS", 100, 120_000);
    o.retryMaxSeconds = s.integer("REPORT_RETRY_MAX_S", 1, 86_400);
    o.outboxMax = s.integer("REPORT_OUTBOX_MAX", 1, 10_000_000);
    o.statusEvents = s.bool("REPORT_STATUS_EVENTS");
    return o;
  }

  /**
   * An http(s) URL with a host, else a ConfigException naming {@code key} (also for a call's own
   * report_url, where it is an IllegalArgumentException).
   */
  public static URI webhookUrl(String key, String url) {
    try {
      URI u = new URI(url);
      String scheme = u.getScheme() == null ? "" : u.getScheme().toLowerCase();
      if (!(scheme.equals("http") || scheme.equals("https")) || u.getHost() == null) {
        throw new ConfigException(
            key + " must be an http:// or https:// URL with a host: " + UrlRedaction.redact(url));
      }
      return u;
    } catch (URISyntaxException e) {
      throw new ConfigException(key + " is not a URL: " + e.getMessage());
    }
  }

  /** Whether live status events go to the webhook beside the reports. */
  public boolean isStatusEvents() {
    return statusEvents;
  }

  public ReportOptions setStatusEvents(boolean statusEvents) {
    this.statusEvents = statusEvents;
    return this;
  }

  public Path getFile() {
    return file;
  }

  public ReportOptions setFile(Path file) {
    this.file = file;
    return this;
  }

  public long getFileMaxBytes() {
    return fileMaxBytes;
  }

  public ReportOptions setFileMaxBytes(long bytes) {
    this.fileMaxBytes = bytes;
    return this;
  }

  /** Rotated files kept beside the current one. */
  public int getFileKeep() {
    return fileKeep;
  }

  public ReportOptions setFileKeep(int files) {
    this.fileKeep = files;
    return this;
  }

  public Path getOutboxDir() {
    return outboxDir;
  }

  public ReportOptions setOutboxDir(Path dir) {
    this.outboxDir = dir;
    return this;
  }

  /** The webhook every report is POSTed to, or null (a call's own report_url may still be set). */
  public URI getWebhookUrl() {
    return webhookUrl;
  }

  public ReportOptions setWebhookUrl(URI url) {
    this.webhookUrl = url;
    return this;
  }

  public String getWebhookSecret() {
    return webhookSecret;
  }

  public ReportOptions setWebhookSecret(String secret) {
    this.webhookSecret = secret;
    return this;
  }

  public int getWebhookTimeoutMillis() {
    return webhookTimeoutMillis;
  }

  public ReportOptions setWebhookTimeoutMillis(int millis) {
    this.webhookTimeoutMillis = millis;
    return this;
  }

  /** The longest wait between two tries of one report (the wait doubles from 1 s up to it). */
  public int getRetryMaxSeconds() {
    return retryMaxSeconds;
  }

  public ReportOptions setRetryMaxSeconds(int seconds) {
    this.retryMaxSeconds = seconds;
    return this;
  }

  /** Reports waiting for the webhook at most; beyond, the oldest goes (it stays in the file). */
  public int getOutboxMax() {
    return outboxMax;
  }

  public ReportOptions setOutboxMax(int reports) {
    this.outboxMax = reports;
    return this;
  }
}
