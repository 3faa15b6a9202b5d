package org.oavc.connector.cli;

import java.nio.file.Path;
import org.oavc.connector.config.OavcConfig;
import picocli.CommandLine.Option;

/** The {@code --config} option every command shares (CONFIG_FILE and env vars apply too). */
final class ConfigOption {
  @Option(
      names = {"-c", "--config"},
      description = "Settings file in config/oavc.env format (default: $CONFIG_FILE or built-ins)")
  Path file;

  OavcConfig load() {
    return OavcConfig.load(file, System.getenv());
  }
}
