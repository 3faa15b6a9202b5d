package org.oavc.connector.cli;

import org.oavc.aiservices.AiServicesCommand;
import org.oavc.connector.firewall.FirewallCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code oavc}: the connector's command line. Sub-commands are added as they land. */
@Command(
    name = "oavc",
    mixinStandardHelpOptions = true,
    version = "oavc 0.1.0",
    description = "OpenSIPS AI Voice Connector (Java)",
    subcommands = {
      RunCommand.class,
      MiCommand.class,
      CallsCommand.class,
      HangupCommand.class,
      DialCommand.class,
      FirewallCommand.class,
      AiServicesCommand.class,
      CommandLine.HelpCommand.class
    })
public final class OavcCli implements Runnable {

  @Override
  public void run() {
    new CommandLine(this).usage(System.out);
  }

  public static void main(String[] args) {
    System.exit(new CommandLine(new OavcCli()).execute(args));
  }
}
