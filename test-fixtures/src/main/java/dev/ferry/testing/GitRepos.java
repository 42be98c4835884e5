package dev.ferry.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Real git repositories for tests: a folder copied and committed, so runs check out a real SHA. */
public final class GitRepos {

  private static final Map<String, String> IDENTITY = Map.of(
      "GIT_AUTHOR_NAME", "Ferry Test", "GIT_AUTHOR_EMAIL", "test@ferry.invalid",
      "GIT_COMMITTER_NAME", "Ferry Test", "GIT_COMMITTER_EMAIL", "test@ferry.invalid");

  /** dbt's own output and local databases never belong in a test repository. */
  private static final Set<String> SKIPPED = Set.of("target", "logs", "dbt_packages", ".user.yml");

  private GitRepos() {}

  /** Copies {@code source} (without dbt output) to {@code repo} and commits it on branch main. */
  public static String commitCopy(Path source, Path repo) {
    copyTree(source, repo);
    git(repo, "init", "--quiet", "--initial-branch=main");
    return commitAll(repo, "Initial commit");
  }

  /** Commits every change in {@code repo} and returns the new HEAD. */
  public static String commitAll(Path repo, String message) {
    git(repo, "add", "--all");
    git(repo, "commit", "--quiet", "--no-gpg-sign", "-m", message);
    return git(repo, "rev-parse", "HEAD").strip();
  }

  public static String git(Path repo, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    return Processes.run(repo, IDENTITY, command);
  }

  /** Where {@link #copyExample} puts the example project inside a repository. */
  public static final String EXAMPLE_SUBDIRECTORY = "examples/jaffle_shop";

  /**
   * Copies the example dbt project and the {@code ferry_audit} package it installs from
   * {@code ../../dbt-packages} into {@code repo}, in the layout they have in Ferry's repository,
   * so that the project's {@code packages.yml} resolves there too.
   */
  public static void copyExample(Path repo) {
    copyTree(FerryHome.exampleProject(), repo.resolve(EXAMPLE_SUBDIRECTORY));
    copyTree(FerryHome.root().resolve("dbt-packages/ferry_audit"), repo.resolve("dbt-packages/ferry_audit"));
  }

  /** Copies a folder tree, leaving out dbt's output folders and DuckDB files. */
  public static void copyTree(Path source, Path target) {
    try {
      Files.walkFileTree(source, new SimpleFileVisitor<>() {
        @Override
        public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
          if (!dir.equals(source) && SKIPPED.contains(dir.getFileName().toString())) {
            return FileVisitResult.SKIP_SUBTREE;
          }
          Files.createDirectories(target.resolve(source.relativize(dir).toString()));
          return FileVisitResult.CONTINUE;
        }

        @Override
        public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
          String name = file.getFileName().toString();
          if (!SKIPPED.contains(name) && !name.endsWith(".duckdb") && !name.endsWith(".duckdb.wal")) {
            Files.copy(file, target.resolve(source.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
          }
          return FileVisitResult.CONTINUE;
        }
      });
    } catch (IOException e) {
      throw new UncheckedIOException("cannot copy " + source + " to " + target, e);
    }
  }
}
