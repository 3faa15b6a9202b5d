package org.oavc.connector.cluster;

import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/** Real Hazelcast members on loopback for tests: distinct ports, joined by a TCP member list. */
public final class ClusterMembers {
  private final String name = "test-" + UUID.randomUUID();
  private final List<Integer> ports = new ArrayList<>();

  /** A cluster of {@code size} possible members (each started on demand by index). */
  public ClusterMembers(int size) {
    for (int i = 0; i < size; i++) {
      ports.add(freePort());
    }
  }

  /** The options of member {@code index}: node id "n{index}". */
  public ClusterOptions options(int index) {
    List<String> all = new ArrayList<>();
    for (int p : ports) {
      all.add("127.0.0.1:" + p);
    }
    return new ClusterOptions()
        .setName(name)
        .setMembers(all)
        .setPort(ports.get(index))
        .setBindInterface("127.0.0.1")
        .setNodeId("n" + index);
  }

  /** Starts member {@code index} and waits until it has joined (bounded). */
  public ClusterMember start(Vertx vertx, int index) {
    try {
      return ClusterMember.join(vertx, options(index))
          .toCompletionStage()
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("member " + index + " did not start", e);
    }
  }

  /** A single member alone, as the daemon runs by default. */
  public static ClusterMember alone(Vertx vertx) {
    try {
      return ClusterMember.join(
              vertx, new ClusterOptions().setName("alone-" + UUID.randomUUID()).setNodeId("solo"))
          .toCompletionStage()
          .toCompletableFuture()
          .get(60, TimeUnit.SECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("lone member did not start", e);
    }
  }

  private static int freePort() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
