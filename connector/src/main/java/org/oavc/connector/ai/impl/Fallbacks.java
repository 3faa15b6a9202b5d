package org.oavc.connector.ai.impl;

import org.oavc.connector.ai.AgentProfile;
import org.oavc.connector.ai.AiSession;
import org.oavc.connector.ai.AiSessionFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AI_FALLBACK, applied when a session dies mid-call: {@code apology}, {@code flavor:NAME} (a new
 * session of that flavor continues the call) or {@code transfer:URI} (a human takes over). Whatever
 * fails on the way ends in the apology, so the caller is never left in silence.
 */
final class Fallbacks {
  private static final Logger log = LoggerFactory.getLogger("oavc.ai");

  private Fallbacks() {}

  static void apply(BridgeServices s, AiBridge c, String fallback) {
    if (c.closed()) {
      return;
    }
    if (fallback.startsWith("transfer:")) {
      String uri = fallback.substring("transfer:".length()).trim();
      s.metrics().session(c.profile().flavor(), "fallback_transfer");
      c.transfer(uri)
          .onFailure(
              e -> {
                log.warn(
                    "key={} fallback transfer to {} failed: {}",
                    c.info().key(),
                    uri,
                    e.getMessage());
                c.apologizeAndHangUp();
              });
      return;
    }
    if (fallback.startsWith("flavor:") && c.takeFallbackFlavor()) {
      String name = fallback.substring("flavor:".length()).trim();
      AiSessionFactory factory = s.flavors().get(name);
      if (factory != null) {
        AgentProfile p = c.profile();
        AgentProfile next =
            new AgentProfile(
                name,
                p.instructions(),
                p.voice(),
                p.language(),
                p.greeting(),
                p.tools(),
                p.record());
        AiSession session;
        try {
          session = factory.create(c.info(), next);
        } catch (RuntimeException e) {
          log.warn(
              "key={} fallback flavor {} could not be created: {}",
              c.info().key(),
              name,
              e.toString());
          c.apologizeAndHangUp();
          return;
        }
        log.info("key={} continuing with the {} flavor", c.info().key(), name);
        c.startSession(session, next)
            .onComplete(
                ar -> {
                  if (ar.succeeded()) {
                    s.metrics().session(name, "fallback_started");
                  } else {
                    log.warn(
                        "key={} fallback flavor {} did not start: {}",
                        c.info().key(),
                        name,
                        ar.cause().getMessage());
                    s.metrics().session(name, "failed_start");
                    session.close();
                    c.apologizeAndHangUp();
                  }
                });
        return;
      }
      log.warn("key={} fallback flavor {} is not installed", c.info().key(), name);
    }
    c.apologizeAndHangUp();
  }
}
