package org.oavc.xdp.impl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicReference;
import org.oavc.xdp.XdpAgentOptions;
import org.oavc.xdp.bpf.AttachResult;
import org.oavc.xdp.bpf.BpfMap;
import org.oavc.xdp.bpf.FilterMaps;
import org.oavc.xdp.bpf.FilterProgram;
import org.oavc.xdp.bpf.Native;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The program the agent works on: loaded and attached by us, or adopted from pins. Blocking. */
final class FilterBackend implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(FilterBackend.class);

  private final XdpAgentOptions options;
  private final FilterProgram program;
  private final List<BpfMap> adopted;
  private final FilterMaps maps;
  private final AttachResult attachment;
  private final int ifindex;

  private FilterBackend(
      XdpAgentOptions options,
      FilterProgram program,
      List<BpfMap> adopted,
      AttachResult attachment,
      int ifindex) {
    this.options = options;
    this.program = program;
    this.adopted = adopted;
    this.maps =
        program != null
            ? new FilterMaps(program::map)
            : new FilterMaps(
                name ->
                    adopted.stream()
                        .filter(m -> m.name().equals(name))
                        .findFirst()
                        .orElseThrow(
                            () -> new IllegalStateException("pinned map missing: " + name)));
    this.attachment = attachment;
    this.ifindex = ifindex;
  }

  static FilterBackend open(XdpAgentOptions o) throws Exception {
    return o.isAdoptPinned() ? adopt(o) : load(o);
  }

  private static FilterBackend adopt(XdpAgentOptions o) throws Exception {
    List<BpfMap> maps = new ArrayList<>();
    try {
      for (String name :
          new String[] {
            "config", "stats", "block_exact", "block_lpm", "allow_exact", "allow_lpm", "rate_state"
          }) {
        maps.add(BpfMap.pinned(o.getPinDir().resolve("maps").resolve(name).toString()));
      }
    } catch (RuntimeException e) {
      maps.forEach(BpfMap::close);
      throw new IllegalStateException(
          "cannot adopt maps pinned under "
              + o.getPinDir()
              + "/maps (run scripts/deploy.sh first): "
              + e.getMessage(),
          e);
    }
    AttachResult seen = null;
    if (o.getInterfaceName() != null) {
      seen =
          inNetns(
              o.getNetns(),
              () ->
                  new AttachResult(
                      FilterProgram.queryMode(Native.ifindex(o.getInterfaceName())),
                      "adopted from pins"));
    }
    return new FilterBackend(o, null, maps, seen, -1);
  }

  private static FilterBackend load(XdpAgentOptions o) throws Exception {
    Path obj = FilterProgram.locateObject(o.getObjectFile());
    if (obj == null) {
      throw new IllegalStateException(
          "BPF object not found ("
              + (o.getObjectFile() != null
                  ? o.getObjectFile()
                  : "not packaged: clang missing at build")
              + ")");
    }
    FilterProgram program = FilterProgram.load(obj);
    LOG.info(
        "loaded {}: {}",
        obj,
        program.verifierStats() != null
            ? program.verifierStats()
            : "the kernel reported no verifier statistics");
    try {
      if (o.isPinMaps()) {
        if (Native.ensureBpffs(o.getPinDir())) {
          LOG.info("mounted the BPF filesystem on {}", Native.BPFFS);
        }
        removeStalePins(o.getPinDir());
        program.pin(o.getPinDir());
      }
      if (o.getInterfaceName() == null) {
        return new FilterBackend(o, program, null, null, -1);
      }
      int[] index = new int[1];
      AttachResult result =
          inNetns(
              o.getNetns(),
              () -> {
                index[0] = Native.ifindex(o.getInterfaceName());
                return program.attach(index[0], o.getAttachMode());
              });
      LOG.info("XDP filter on {}: {}", o.getInterfaceName(), result.note());
      return new FilterBackend(o, program, null, result, index[0]);
    } catch (Exception | Error e) {
      program.close();
      throw e;
    }
  }

  /** Pins left by a crashed agent would make pinning fail; ours to replace. */
  private static void removeStalePins(Path dir) throws IOException {
    Path maps = dir.resolve("maps");
    if (Files.isDirectory(maps)) {
      LOG.warn("replacing stale pins under {}", dir);
      try (var files = Files.list(maps)) {
        for (Path p : files.toList()) {
          Files.deleteIfExists(p);
        }
      }
      Files.deleteIfExists(maps);
    }
    Files.deleteIfExists(dir.resolve("prog"));
  }

  /** Runs on a fresh thread that first enters {@code netns} (namespaces are per thread). */
  static <T> T inNetns(String netns, Callable<T> work) throws Exception {
    if (netns == null) {
      return work.call();
    }
    AtomicReference<T> result = new AtomicReference<>();
    AtomicReference<Exception> failure = new AtomicReference<>();
    Thread t =
        new Thread(
            () -> {
              try {
                Native.enterNetns(netns);
                result.set(work.call());
              } catch (Exception e) {
                failure.set(e);
              }
            },
            "xdp-netns");
    t.start();
    t.join();
    if (failure.get() != null) {
      throw failure.get();
    }
    return result.get();
  }

  FilterMaps maps() {
    return maps;
  }

  AttachResult attachment() {
    return attachment;
  }

  /**
   * True when adopted pins now belong to another program instance (deploy.sh --reload): our fds
   * still point at the old, detached maps, so the caller must re-adopt and restore.
   */
  boolean pinsReplaced() {
    if (program != null) {
      return false;
    }
    int ours = adopted.get(0).info().id();
    try (BpfMap now =
        BpfMap.pinned(options.getPinDir().resolve("maps").resolve("config").toString())) {
      return now.info().id() != ours;
    } catch (RuntimeException e) {
      return false; // pins gone (undeploy): keep what we have until they return
    }
  }

  @Override
  public void close() {
    if (program == null) {
      adopted.forEach(BpfMap::close);
      return;
    }
    boolean detach = options.isDetachOnClose();
    if (detach && ifindex > 0) {
      try {
        inNetns(
            options.getNetns(),
            () -> {
              FilterProgram.detach(ifindex, attachment.mode());
              return null;
            });
      } catch (Exception e) {
        LOG.warn("detach from {} failed: {}", options.getInterfaceName(), e.getMessage());
      }
    }
    // kept attached: keep the pins too, so scripts and the next agent can reach the maps
    program.close(detach || ifindex <= 0);
  }
}
