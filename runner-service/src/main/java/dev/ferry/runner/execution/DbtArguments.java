package dev.ferry.runner.execution;

import java.util.ArrayList;
import java.util.List;

/** The argument list of one dbt process: the executable, the command, and the run's target and profile. */
final class DbtArguments {

  private DbtArguments() {}

  /**
   * {@code dbt <args> --target <target> --profile <profile>}, adding target and profile only where
   * the command does not set them itself. {@code deps} needs neither.
   */
  static List<String> of(String dbt, List<String> args, String target, String profile) {
    List<String> command = new ArrayList<>(List.of(dbt));
    command.addAll(args);
    boolean connects = !args.isEmpty() && !args.getFirst().equals("deps") && !args.getFirst().equals("clean");
    if (connects && target != null && !hasOption(args, "--target", "-t")) {
      command.addAll(List.of("--target", target));
    }
    if (connects && profile != null && !hasOption(args, "--profile")) {
      command.addAll(List.of("--profile", profile));
    }
    return command;
  }

  private static boolean hasOption(List<String> args, String... names) {
    for (String arg : args) {
      for (String name : names) {
        if (arg.equals(name) || arg.startsWith(name + "=")) {
          return true;
        }
      }
    }
    return false;
  }
}
