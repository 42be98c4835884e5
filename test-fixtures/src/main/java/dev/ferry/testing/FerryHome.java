package dev.ferry.testing;

import java.nio.file.Files;
import java.nio.file.Path;

/** The repository a test runs in: where the example project and the dbt virtualenv live. */
public final class FerryHome {

  private FerryHome() {}

  /** The repository root: the nearest folder above the working directory that holds requirements-dbt.txt. */
  public static Path root() {
    Path dir = Path.of("").toAbsolutePath();
    while (dir != null) {
      if (Files.exists(dir.resolve("requirements-dbt.txt"))) {
        return dir;
      }
      dir = dir.getParent();
    }
    throw new IllegalStateException("no requirements-dbt.txt above " + Path.of("").toAbsolutePath());
  }

  /** The dbt of the project's virtualenv, which scripts/setup installs. */
  public static Path dbt() {
    Path dbt = root().resolve(".venv/bin/dbt");
    if (!Files.isExecutable(dbt)) {
      throw new IllegalStateException(dbt + " is missing: run scripts/setup (scripts/test does) to install dbt");
    }
    return dbt;
  }

  /** Real artifacts written by dbt ({@code ../shared/corpus} beside the repository). */
  public static Path corpus(String file) {
    Path path = root().resolveSibling("shared").resolve("corpus").resolve(file);
    if (!Files.isRegularFile(path)) {
      throw new IllegalStateException(path + " is missing: the dbt artifact corpus lives in ../shared/corpus");
    }
    return path;
  }

  public static Path exampleProject() {
    return root().resolve("examples/jaffle_shop");
  }
}
