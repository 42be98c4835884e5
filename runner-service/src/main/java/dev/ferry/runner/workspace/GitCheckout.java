package dev.ferry.runner.workspace;

import dev.ferry.events.Redaction;
import dev.ferry.runner.process.ExternalProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a dbt project out with real git: a clone of the repository (a local path is cloned
 * too, so the SHA is always known), then the exact commit the ref names, detached.
 */
public final class GitCheckout {

  /** Never wait for a password prompt that nobody will answer. */
  private static final Map<String, String> GIT_ENV = Map.of("GIT_TERMINAL_PROMPT", "0");

  private final String git;
  private final Duration timeout;

  public GitCheckout(String git, Duration timeout) {
    this.git = git;
    this.timeout = timeout;
  }

  /** Clones {@code repository} into {@code into} and checks out {@code ref}; returns the commit. */
  public CheckedOutProject checkout(String repository, String ref, Path into) throws CheckoutException, InterruptedException {
    if (repository.startsWith("-") || ref.startsWith("-")) {
      throw new CheckoutException("repository and ref must not start with '-'");
    }
    Path parent = into.toAbsolutePath().getParent();
    try {
      Files.createDirectories(parent);
    } catch (IOException e) {
      throw new CheckoutException("cannot create " + parent + ": " + e.getMessage());
    }
    run(parent, "clone", "--quiet", "--no-checkout", "--", repository, into.toString());
    String sha = resolve(into, ref);
    run(into, "-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", sha);
    return new CheckedOutProject(into, sha);
  }

  private String resolve(Path repo, String ref) throws CheckoutException, InterruptedException {
    for (String candidate : List.of("origin/" + ref, ref)) {
      List<String> out = new ArrayList<>();
      if (exec(repo, out::add, "rev-parse", "--verify", "--quiet", "--end-of-options", candidate + "^{commit}")
          .succeeded() && !out.isEmpty()) {
        return out.getFirst().strip();
      }
    }
    throw new CheckoutException("ref '" + ref + "' names no commit of the repository");
  }

  private void run(Path dir, String... args) throws CheckoutException, InterruptedException {
    List<String> out = new ArrayList<>();
    ExternalProcess.Result result = exec(dir, out::add, args);
    if (!result.succeeded()) {
      String detail = out.isEmpty() ? (result.timedOut() ? "timed out after " + timeout : "no output") : out.getLast();
      throw new CheckoutException(Redaction.urls("git " + String.join(" ", args) + " failed: " + detail));
    }
  }

  private ExternalProcess.Result exec(Path dir, java.util.function.Consumer<String> output, String... args)
      throws CheckoutException, InterruptedException {
    List<String> command = new ArrayList<>(List.of(git));
    command.addAll(List.of(args));
    try {
      return ExternalProcess.run(command, dir, GIT_ENV, Instant.now().plus(timeout), Duration.ofSeconds(5), output);
    } catch (IOException e) {
      throw new CheckoutException("cannot run " + git + ": " + e.getMessage());
    }
  }

  /** A checked-out repository and the commit it is at. */
  public record CheckedOutProject(Path root, String sha) {

    /** The dbt project's folder: the root, or a folder inside it that must not lead outside. */
    public Path projectDir(String subdirectory) throws CheckoutException {
      if (subdirectory == null || subdirectory.isBlank()) {
        return root;
      }
      Path dir = root.resolve(subdirectory).normalize();
      if (!dir.startsWith(root)) {
        throw new CheckoutException("subdirectory '" + subdirectory + "' leads outside the repository");
      }
      if (!Files.isDirectory(dir)) {
        throw new CheckoutException("subdirectory '" + subdirectory + "' does not exist at " + sha);
      }
      try {
        if (!dir.toRealPath().startsWith(root.toRealPath())) {
          throw new CheckoutException("subdirectory '" + subdirectory + "' is a link that leads outside the repository");
        }
      } catch (IOException e) {
        throw new CheckoutException("cannot read subdirectory '" + subdirectory + "': " + e.getMessage());
      }
      return dir;
    }
  }
}
