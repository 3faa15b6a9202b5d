package org.oavc.aiservices;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.util.concurrent.TimeUnit;

/**
 * One running AiServices (on free loopback ports) for all test classes of this JVM, so the Vosk
 * model and the FreeTTS voice are loaded once. Stopped by a shutdown hook.
 */
final class SharedServices {
  private static AiServices services;
  private static Vertx vertx;
  static final SimpleMeterRegistry REGISTRY = new SimpleMeterRegistry();

  private SharedServices() {}

  static synchronized AiServices get() throws Exception {
    if (services == null) {
      vertx = Vertx.vertx();
      services =
          AiServices.start(
                  vertx,
                  new AiServicesOptions()
                      .setHost("127.0.0.1")
                      .setAiPort(0)
                      .setSttPort(0)
                      .setTtsPort(0)
                      .setMaxAudioMessageBytes(256 * 1024)
                      .setMeterRegistry(REGISTRY))
              .await(120, TimeUnit.SECONDS);
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      services.close().eventually(vertx::close).await(20, TimeUnit.SECONDS);
                    } catch (Exception e) {
                      // The JVM is exiting anyway.
                    }
                  }));
    }
    return services;
  }

  static String sttUri() throws Exception {
    return "ws://127.0.0.1:" + get().sttPort() + "/";
  }

  static String httpBase() throws Exception {
    return "http://127.0.0.1:" + get().ttsPort();
  }
}
