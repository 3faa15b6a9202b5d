package org.oavc.connector.firewall;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.oavc.common.settings.ConfigException;
import org.oavc.common.settings.Settings;
import org.oavc.connector.firewall.impl.IptablesBackend;
import org.oavc.connector.firewall.impl.NftBackend;
import org.oavc.connector.firewall.impl.Shell;
import org.oavc.connector.firewall.impl.UfwChecker;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code oavc firewall generate|check|apply}: one port model (the settings the daemon reads)
 * rendered as iptables/ip6tables-restore files, an nftables table and ufw commands.
 */
@Command(
    name = "firewall",
    mixinStandardHelpOptions = true,
    description = "Generate, validate and apply the host firewall for OAVC-J's ports.",
    subcommands = {
      FirewallCommand.Generate.class,
      FirewallCommand.Check.class,
      FirewallCommand.Apply.class
    })
public final class FirewallCommand implements Runnable {
  static final int EXIT_FAILED = 1;
  static final int EXIT_CONFIG = 2;

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new FirewallCommand()).execute(args));
  }

  /** Where the settings come from: exactly as the daemon loads them. */
  static final class ConfigOptions {
    @Option(
        names = "--config",
        paramLabel = "FILE",
        description = "Settings file (default: $CONFIG_FILE, else the built-in config/oavc.env).")
    Path config;

    @Option(
        names = "--ignore-env",
        description = "Ignore environment overrides (used to regenerate the committed files).")
    boolean ignoreEnv;

    PortModel model() {
      return PortModel.fromSettings(
          Settings.forProcess(config, ignoreEnv ? Map.of() : System.getenv()));
    }
  }

  /** Which kernel front end to talk to, and where. */
  static final class BackendOptions {
    @Option(
        names = "--netns",
        paramLabel = "NAME",
        description = "Run the tools inside network namespace NAME (ip netns exec).")
    String netns;

    List<FirewallBackend> backends(String which) {
      Shell shell = new Shell(netns);
      return switch (which) {
        case "iptables" -> List.of(new IptablesBackend(shell));
        case "nftables", "nft" -> List.of(new NftBackend(shell));
        case "all" -> List.of(new IptablesBackend(shell), new NftBackend(shell));
        default ->
            throw new ConfigException(
                "--backend must be iptables, nftables or all, not '" + which + "'");
      };
    }
  }

  @Command(
      name = "generate",
      mixinStandardHelpOptions = true,
      description = "Write rules.v4, rules.v6, oavc.nft and ufw.sh for the current settings.")
  static final class Generate implements Callable<Integer> {
    @Mixin ConfigOptions config = new ConfigOptions();

    @Option(
        names = "--out",
        paramLabel = "DIR",
        defaultValue = "iptables",
        description = "Output directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--print", description = "Print the files instead of writing them.")
    boolean print;

    @Override
    public Integer call() throws Exception {
      return guarded(
          () -> {
            Map<String, String> files = FirewallFiles.render(config.model());
            if (print) {
              files.forEach((name, body) -> System.out.print("==> " + name + " <==\n" + body));
            } else {
              FirewallFiles.write(files, out);
              System.out.println("wrote " + String.join(", ", files.keySet()) + " to " + out);
            }
            return 0;
          });
    }
  }

  @Command(
      name = "check",
      mixinStandardHelpOptions = true,
      description =
          "Validate the generated rules with iptables-restore --test and nft -c"
              + " (and ufw --dry-run where ufw is installed).")
  static final class Check implements Callable<Integer> {
    @Mixin ConfigOptions config = new ConfigOptions();
    @Mixin BackendOptions where = new BackendOptions();

    @Option(
        names = "--backend",
        defaultValue = "all",
        description = "iptables, nftables or all (default: ${DEFAULT-VALUE}).")
    String backend;

    @Override
    public Integer call() throws Exception {
      return guarded(
          () -> {
            Map<String, String> files = FirewallFiles.render(config.model());
            for (FirewallBackend b : where.backends(backend)) {
              b.check(files);
              System.out.println(b.name() + ": rules are valid");
            }
            UfwChecker ufw = new UfwChecker(new Shell(where.netns));
            if ("all".equals(backend) && ufw.available()) {
              ufw.check(files.get(FirewallFiles.UFW));
              System.out.println("ufw: commands are valid");
            }
            return 0;
          });
    }
  }

  @Command(
      name = "apply",
      mixinStandardHelpOptions = true,
      description = "Load the rules atomically into our own chain/table (idempotent).")
  static final class Apply implements Callable<Integer> {
    @Mixin ConfigOptions config = new ConfigOptions();
    @Mixin BackendOptions where = new BackendOptions();

    @Option(
        names = "--backend",
        defaultValue = "iptables",
        description = "iptables or nftables (default: ${DEFAULT-VALUE}).")
    String backend;

    @Option(
        names = "--confirm-within",
        paramLabel = "DURATION",
        converter = DurationConverter.class,
        description = "Roll back unless 'yes' is typed within DURATION (e.g. 30s).")
    Duration confirmWithin;

    @Override
    public Integer call() throws Exception {
      return guarded(
          () -> {
            if ("all".equals(backend)) {
              throw new ConfigException("apply takes one backend: iptables or nftables");
            }
            Map<String, String> files = FirewallFiles.render(config.model());
            FirewallBackend b = where.backends(backend).get(0);
            FirewallApplier.Outcome outcome =
                new FirewallApplier(b)
                    .apply(files, confirmWithin, new TerminalConfirmation(System.in, System.err));
            System.out.println(b.name() + ": " + outcome);
            return outcome == FirewallApplier.Outcome.ROLLED_BACK ? EXIT_FAILED : 0;
          });
    }
  }

  private static Integer guarded(Callable<Integer> body) throws Exception {
    try {
      return body.call();
    } catch (ConfigException e) {
      System.err.println("firewall: configuration error: " + e.getMessage());
      return EXIT_CONFIG;
    } catch (FirewallException e) {
      System.err.println("firewall: " + e.getMessage());
      return EXIT_FAILED;
    }
  }
}
