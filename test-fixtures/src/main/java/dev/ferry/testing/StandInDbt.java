package dev.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A stand-in for the dbt executable, for fault tests where what matters is the runner, not dbt:
 * it notes its arguments, takes a moment, then writes the artifacts a build leaves (a real dbt
 * manifest from the corpus, a run_results.json and a log).
 */
public final class StandInDbt {

  private StandInDbt() {}

  /**
   * Writes the script to {@code script}, executable.
   *
   * @param argumentsLog where each argument it is started with is appended, one a line
   * @param delaySeconds how long it takes, as {@code sleep} reads it
   */
  public static Path write(Path script, Path argumentsLog, String delaySeconds) {
    Path manifest = FerryHome.corpus("manifest__v12__jaffle_shop__manifest_1.11.json");
    try {
      Files.writeString(script, """
          #!/bin/sh
          # Stands in for dbt: notes its arguments one a line, takes a moment, then writes the
          # artifacts a build leaves.
          for argument in "$@"; do printf '%%s\\n' "$argument" >> '%s'; done
          sleep %s
          mkdir -p target logs
          cp '%s' target/manifest.json
          echo '{"metadata": {"dbt_version": "1.11.16"}, "results": [], "elapsed_time": 0.1}' > target/run_results.json
          echo "dbt $*" >> logs/dbt.log
          """.formatted(argumentsLog, delaySeconds, manifest));
      Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
      return script;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the stand-in dbt " + script, e);
    }
  }
}
