package org.oavc.aiservices;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the AI services alone (the compose deployment's entry point). Settings come from an
 * env-format file ({@code --config FILE}, else CONFIG_FILE, else ./config/oavc.env when it
 * exists), overridden by environment variables of the same names: AI_SERVICE_HOST,
 * AI_SERVICE_PORT, STT_SERVICE_PORT, TTS_SERVICE_PORT, and optionally VOSK_MODEL_PATH and
 * AGENT_CONFIG_FILE.
 */
public final class AiServicesMain {
  private static final Logger LOG = LoggerFactory.getLogger(AiServicesMain.class);

  private AiServicesMain() { }

  public static void main(String[] args) {
    AiServicesOptions options;
    try {
      options = options(settings(args, System.getenv()));
    } catch (IllegalArgumentException | IOException e) {
      System.err.println("oavc ai-services: " + e.getMessage());
      System.exit(2);
      return;
    }
    int status = runUntilShutdown(options);
    if (status != 0) {
      System.exit(status);
    }
  }

  /**
   * Starts the services and returns 0 once they run (a shutdown hook closes them), or 1 when
   * they could not start.
   */
  static int runUntilShutdown(AiServicesOptions options) {
    Vertx vertx = Vertx.vertx();
    AiServices services;
    try {
      services = AiServices.start(vertx, options).await(120, TimeUnit.SECONDS);
    } catch (Exception e) {
      LOG.error("AI services failed to start: {}", e.getMessage(), e);
      vertx.close();
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      services.close().eventually(vertx::close).onComplete(r -> stopped.countDown());
      try {
        stopped.await(15, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }, "oavc-ai-services-shutdown"));
    return 0;
  }

  /** File settings (if any) overridden by the environment. */
  static Map<String, String> settings(String[] args, Map<String, String> env) throws IOException {
    Path file = null;
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config") && i + 1 < args.length) {
        file = Paths.get(args[++i]);
      } else if (args[i].startsWith("--config=")) {
        file = Paths.get(args[i].substring("--config=".length()));
      } else {
        throw new IllegalArgumentException("unknown argument " + args[i] + " (usage: [--config FILE])");
      }
    }
    if (file == null && env.get("CONFIG_FILE") != null) {
      file = Paths.get(env.get("CONFIG_FILE"));
    }
    if (file == null && Files.isRegularFile(Paths.get("config/oavc.env"))) {
      file = Paths.get("config/oavc.env");
    }
    Map<String, String> values = new HashMap<>();
    if (file != null) {
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        String trimmed = line.trim();
        int eq = trimmed.indexOf('=');
        if (trimmed.isEmpty() || trimmed.startsWith("#") || eq <= 0) {
          continue;
        }
        values.put(trimmed.substring(0, eq).trim(), unquote(trimmed.substring(eq + 1).trim()));
      }
    }
    values.putAll(env);
    return values;
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  static AiServicesOptions options(Map<String, String> s) {
    AiServicesOptions o = new AiServicesOptions()
        .setHost(s.getOrDefault("AI_SERVICE_HOST", AiServicesOptions.DEFAULT_HOST))
        .setAiPort(port(s, "AI_SERVICE_PORT", AiServicesOptions.DEFAULT_AI_PORT))
        .setSttPort(port(s, "STT_SERVICE_PORT", AiServicesOptions.DEFAULT_STT_PORT))
        .setTtsPort(port(s, "TTS_SERVICE_PORT", AiServicesOptions.DEFAULT_TTS_PORT));
    String model = s.get("VOSK_MODEL_PATH");
    if (model != null && !model.isBlank()) {
      o.setModelPath(model);
    }
    String agent = s.get("AGENT_CONFIG_FILE");
    if (agent != null && !agent.isBlank()) {
      o.setAgentConfigPath(agent);
    }
    return o;
  }

  private static int port(Map<String, String> s, String key, int fallback) {
    String v = s.get(key);
    if (v == null || v.isBlank()) {
      return fallback;
    }
    try {
      int port = Integer.parseInt(v.trim());
      if (port < 0 || port > 65535) {
        throw new NumberFormatException();
      }
      return port;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " must be a port number (0-65535), got \"" + v + "\"");
    }
  }
}
