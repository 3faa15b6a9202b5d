package org.oavc.aiservices;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** Tests against the shared running services; each test must leave no recogniser behind. */
abstract class ServicesTestBase {
  static final Duration WAIT = Duration.ofSeconds(20);
  static AiServices services;

  @BeforeAll
  static void startServices() throws Exception {
    services = SharedServices.get();
  }

  @AfterEach
  void recognisersFreed() {
    await().atMost(WAIT).until(() -> services.liveRecognizers() == 0);
  }
}
