package dev.ferry.cli.config;

import dev.ferry.cli.ServerOptions;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code ferry config show}: each effective setting and where it came from. */
@Command(name = "config", description = "Show Ferry's effective configuration.",
    subcommands = ConfigCommand.Show.class)
public final class ConfigCommand {

  @Command(name = "show", description = {"Print each effective setting and where it came from: flag, env, file or "
      + "default. The token is masked."})
  static final class Show implements Callable<Integer> {

    @Mixin
    ServerOptions servers;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
      FerryConfig config = servers.config();
      PrintWriter out = spec.commandLine().getOut();
      for (String[] row : config.rows()) {
        out.printf("%-14s %-40s %s%n", row[0], row[1], row[2]);
      }
      out.printf("%-14s %s%s%n", "config file", config.file().path(),
          java.nio.file.Files.isRegularFile(config.file().path()) ? "" : " (not found)");
      out.flush();
      return 0;
    }
  }
}
