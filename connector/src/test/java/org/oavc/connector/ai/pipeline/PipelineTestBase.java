package org.oavc.connector.ai.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.oavc.connector.ai.pipeline.FakeBackends.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.vertx.core.Vertx;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.oavc.connector.ai.AiSession;
import org.oavc.connector.ai.AiSessionFactory;

/** One pipeline session per test against fresh scripted back ends; everything closed after. */
abstract class PipelineTestBase {
  static final Duration WAIT = Duration.ofSeconds(10);

  Vertx vertx;
  FakeBackends backends;
  SimpleMeterRegistry meters;
  AiSessionFactory factory;
  PipelineRecordingCall call;
  AiSession session;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    backends = new FakeBackends(vertx).start();
    meters = new SimpleMeterRegistry();
    factory = PipelineFlavor.factory(vertx, backends.settings(), meters);
    call = new PipelineRecordingCall(vertx, null);
    session = factory.create(call.info(), call.profile());
  }

  @AfterEach
  void tearDown() throws Exception {
    call.on(session::close);
    factory.close();
    backends.close();
    await(vertx.close());
    assertThat(call.wrongThread).isEmpty();
  }

  void start() throws Exception {
    await(call.on(() -> session.start(call)));
    await().atMost(WAIT).until(() -> backends.sttText.size() == 1);
  }

  void say(String text) throws Exception {
    call.on(
        () -> {
          session.onCallerText(text);
          return null;
        });
  }
}
