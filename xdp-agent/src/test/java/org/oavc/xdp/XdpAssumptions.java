package org.oavc.xdp;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Path;
import org.oavc.xdp.bpf.BpfException;
import org.oavc.xdp.bpf.FilterProgram;

/**
 * Skips XDP tests (with a clear reason) when not root, the object is missing or the kernel refuses.
 */
public final class XdpAssumptions {
  private XdpAssumptions() {}

  public static boolean root() {
    return new com.sun.security.auth.module.UnixSystem().getUid() == 0;
  }

  /** The built object, or a skipped test. */
  public static Path object() throws IOException {
    assumeTrue(root(), "XDP tests need root (CAP_BPF, CAP_NET_ADMIN, CAP_PERFMON); skipped");
    Path obj = FilterProgram.locateObject(null);
    assumeTrue(
        obj != null,
        "bpf/sip_filter.o was not built (clang or libbpf-dev missing at build time); skipped");
    return obj;
  }

  /** Skips unless root, the object exists and the kernel accepts the program. */
  public static void loadable() throws IOException {
    loadPrivate().close();
  }

  /** Loads a private, unpinned instance, or skips when the kernel refuses to load it. */
  public static FilterProgram loadPrivate() throws IOException {
    Path obj = object();
    try {
      return FilterProgram.load(obj);
    } catch (BpfException e) {
      assumeTrue(
          e.errno() != 1 && e.errno() != 13,
          "kernel refused to load the XDP program (" + e.getMessage() + "); skipped");
      throw e;
    } catch (UnsatisfiedLinkError e) {
      assumeTrue(false, "libbpf.so.1 not installed (" + e.getMessage() + "); skipped");
      throw e;
    }
  }
}
