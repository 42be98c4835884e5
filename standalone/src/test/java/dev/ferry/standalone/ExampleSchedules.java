package dev.ferry.standalone;

import dev.ferry.embedded.FreePorts;
import dev.ferry.testing.GitRepos;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** The example dbt project committed to a repository {@code analytics} under a test's folder, and a schedules file using it. */
final class ExampleSchedules {

  private ExampleSchedules() {}

  /** Writes {@code schedules} (YAML whose projects name repository {@code analytics}) beside the repository and returns its path. */
  static Path write(Path folder, String schedules) throws IOException {
    Path repo = folder.resolve("analytics");
    GitRepos.copyExample(repo);
    GitRepos.commitCopy(repo, repo);
    Path file = folder.resolve("ferry_schedules.yml");
    Files.writeString(file, schedules);
    return file;
  }

  /** Free loopback ports for every part of a standalone system. */
  static StandaloneOptions.Ports freePorts() {
    return new StandaloneOptions.Ports(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
        FreePorts.next(), FreePorts.next());
  }
}
