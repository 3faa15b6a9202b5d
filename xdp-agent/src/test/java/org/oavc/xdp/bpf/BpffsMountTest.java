package org.oavc.xdp.bpf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.oavc.xdp.XdpAssumptions;

/** The agent pins on a fresh machine too, where nothing has mounted the BPF filesystem yet. */
class BpffsMountTest {
  /** Run in a private mount namespace whose /sys/fs/bpf is unmounted: mounts, then pins. */
  public static void main(String[] args) throws Exception {
    Path pins = Path.of(args[0]);
    boolean mounted = Native.ensureBpffs(pins);
    boolean again = Native.ensureBpffs(pins);
    try (FilterProgram p = FilterProgram.load(Path.of(args[1]))) {
      p.pin(pins);
      System.out.println(
          "mounted="
              + mounted
              + " again="
              + again
              + " pinned="
              + Files.exists(pins.resolve("prog")));
    }
  }

  @Test
  void mountsTheBpfFilesystemWhenNoneIsThere() throws Exception {
    assumeTrue(XdpAssumptions.root(), "needs root; skipped");
    Path object = XdpAssumptions.object();
    assumeTrue(
        Files.isExecutable(Path.of("/usr/bin/unshare")), "unshare (util-linux) missing; skipped");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String pins = "/sys/fs/bpf/oavc-mounttest-" + ProcessHandle.current().pid();
    // a private mount namespace: what it unmounts and mounts stays there
    Process p =
        new ProcessBuilder(
                "unshare",
                "--mount",
                "--propagation",
                "private",
                "sh",
                "-c",
                "umount /sys/fs/bpf 2>/dev/null; grep -q ' /sys/fs/bpf bpf ' /proc/self/mounts && exit 3; "
                    + "exec \"$0\" -cp \"$1\" "
                    + BpffsMountTest.class.getName()
                    + " \"$2\" \"$3\"",
                java,
                System.getProperty("java.class.path"),
                pins,
                object.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains("mounted=true again=false pinned=true");
  }

  @Test
  void pinsOutsideABpfFilesystemAreRefusedWithTheReason() {
    assumeTrue(XdpAssumptions.root(), "needs root; skipped");
    assertThatThrownBy(() -> Native.ensureBpffs(Path.of("/tmp/not-bpffs/oavc")))
        .isInstanceOf(BpfException.class)
        .hasMessageContaining("no BPF filesystem holds /tmp/not-bpffs/oavc");
  }
}
