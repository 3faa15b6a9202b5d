package org.oavc.connector.phone;

import io.micrometer.core.instrument.MeterRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.util.function.Function;
import org.oavc.connector.call.CallRegistry;
import org.oavc.connector.phone.impl.PhonePageImpl;

/**
 * The browser phone: GET /phone (the page and its bundled script), GET /phone/config (where to
 * connect, whom to call) and GET /phone/transcript?call_id=... (the call's turns as server-sent
 * events while it lasts). The page needs no API token; the transcript feed is found by the caller's
 * own Call-ID, which only the caller's browser (and OpenSIPS) know.
 */
public interface PhonePage {

  /** Loads the bundled page (on a worker: it reads the class path). */
  static Future<PhonePage> create(
      Vertx vertx,
      PhoneOptions options,
      CallRegistry calls,
      Function<String, JsonObject> aiDetails,
      MeterRegistry meters) {
    return PhonePageImpl.create(vertx, options, calls, aiDetails, meters);
  }

  /** Adds the routes under /phone to {@code router}. */
  void mount(Router router);

  /** Transcript feeds open now. */
  int openFeeds();
}
