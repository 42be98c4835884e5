package dev.ferry.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * What a benchmark of a real runner service runs: a small dbt project in a local git repository,
 * and a stand-in dbt that writes a given manifest and notes, in a times file, when each run's dbt
 * started and when it was about to exit ({@code start|end <run id> <epoch nanos>}, one a line).
 */
final class StandInProject {

  private StandInProject() {}

  /** A small dbt project with a local package, committed on main. */
  static Path project(Path repo) throws Exception {
    Files.createDirectories(repo.resolve("packages/audit"));
    Files.writeString(repo.resolve("dbt_project.yml"), "name: bench\nprofile: bench\n");
    Files.writeString(repo.resolve("packages.yml"), "packages:\n  - local: packages/audit\n");
    Files.writeString(repo.resolve("packages/audit/dbt_project.yml"), "name: audit\n");
    git(repo, "init", "--quiet", "--initial-branch=main");
    git(repo, "add", "--all");
    git(repo, "-c", "user.name=bench", "-c", "user.email=bench@ferry.invalid", "commit", "--quiet", "-m", "bench");
    return repo;
  }

  /** A dbt that answers --version, installs nothing for deps, and for any other command notes its start and end. */
  static Path standIn(Path file, Path times, Path manifest) throws IOException {
    Files.writeString(file, """
        #!/bin/sh
        case "$1" in
          --version) echo "  - installed: 1.11.16"; exit 0 ;;
          deps) mkdir -p dbt_packages; exit 0 ;;
        esac
        echo "start $FERRY_SCHEDULE_RUN_ID $(date +%%s%%N)" >> '%1$s'
        mkdir -p target logs
        cp '%2$s' target/manifest.json
        echo '{"metadata": {"dbt_version": "1.11.16"}, "results": [], "elapsed_time": 0.1}' > target/run_results.json
        echo "dbt $*" >> logs/dbt.log
        echo "end $FERRY_SCHEDULE_RUN_ID $(date +%%s%%N)" >> '%1$s'
        """.formatted(times, manifest));
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }

  static void git(Path dir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(Arrays.asList(args));
    Process process = new ProcessBuilder(command).directory(dir.toFile()).inheritIO().start();
    if (process.waitFor() != 0) {
      throw new IllegalStateException(String.join(" ", command) + " failed");
    }
  }
}
