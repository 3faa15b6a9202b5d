package org.oavc.connector.call;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.oavc.connector.media.MediaSession;
import org.oavc.connector.media.MediaSessionFactory;

/**
 * The real RTP factory with a gate in front: while held, binds wait until {@link #release()}, so a
 * test can make the 200, a CANCEL or a BYE happen before the socket is bound. The real open then
 * runs on the caller's context, as it would have without the gate.
 */
final class GatedMediaFactory implements MediaSessionFactory {
  private final MediaSessionFactory real;
  private final List<String> order;
  private final List<Runnable> waiting = new ArrayList<>();
  private final AtomicInteger opened = new AtomicInteger();
  private boolean held;

  /** Each open is noted in {@code order} as "bind KEY" when it is asked for. */
  GatedMediaFactory(MediaSessionFactory real, List<String> order) {
    this.real = real;
    this.order = order;
  }

  synchronized void hold() {
    held = true;
  }

  /** Lets every waiting bind go ahead, and later ones through at once. */
  void release() {
    List<Runnable> go;
    synchronized (this) {
      held = false;
      go = new ArrayList<>(waiting);
      waiting.clear();
    }
    go.forEach(Runnable::run);
  }

  synchronized int waitingCount() {
    return waiting.size();
  }

  /** Sessions the real factory bound so far. */
  int openedCount() {
    return opened.get();
  }

  @Override
  public Future<MediaSession> open(String callKey, int port) {
    order.add("bind " + callKey);
    Context caller = Vertx.currentContext();
    Promise<MediaSession> result = Promise.promise();
    Runnable bind =
        () ->
            caller.runOnContext(
                v ->
                    real.open(callKey, port)
                        .onSuccess(m -> opened.incrementAndGet())
                        .onComplete(result));
    synchronized (this) {
      if (held) {
        waiting.add(bind);
        return result.future();
      }
    }
    bind.run();
    return result.future();
  }
}
