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
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Checks a dbt project out with real git. Each repository is mirrored once into a cache folder
 * and fetched before every run (a local path too, so the SHA is always known); a run gets its own
 * local clone of the mirror (cheap: git hard-links the objects) with the exact commit the ref
 * names checked out, detached, and removes it afterwards. Runs of one repository take turns on its
 * mirror; runs of different repositories do not wait for each other.
 */
public final class GitCheckout {

  /** Never wait for a password prompt that nobody will answer. */
  private static final Map<String, String> GIT_ENV = Map.of("GIT_TERMINAL_PROMPT", "0");

  private final String git;
  private final Duration timeout;
  private final Path mirrors;
  private final ConcurrentMap<Path, ReentrantLock> locks = new ConcurrentHashMap<>();

  /**
   * @param mirrors the folder holding one mirror per repository, kept across runs
   */
  public GitCheckout(String git, Duration timeout, Path mirrors) {
    this.git = git;
    this.timeout = timeout;
    this.mirrors = mirrors.toAbsolutePath();
  }

  /** Checks {@code ref} of {@code repository} out into {@code into}; returns the commit. */
  public CheckedOutProject checkout(String repository, String ref, Path into) throws CheckoutException, InterruptedException {
    if (repository.startsWith("-") || ref.startsWith("-")) {
      throw new CheckoutException("repository and ref must not start with '-'");
    }
    Path parent = into.toAbsolutePath().getParent();
    createDirectories(parent);
    createDirectories(mirrors);
    Path mirror = mirrorOf(repository);
    ReentrantLock lock = locks.computeIfAbsent(mirror, m -> new ReentrantLock());
    lock.lockInterruptibly();
    String sha;
    try {
      if (Files.isDirectory(mirror)) {
        run(mirror, "fetch", "--quiet", "--prune", "--", repository, "+refs/*:refs/*");
      } else {
        run(mirrors, "clone", "--quiet", "--mirror", "--", repository, mirror.toString());
      }
      sha = resolve(mirror, ref);
      run(parent, "clone", "--quiet", "--no-checkout", "--", mirror.toString(), into.toString());
    } finally {
      lock.unlock();
    }
    run(into, "-c", "advice.detachedHead=false", "checkout", "--quiet", "--detach", sha);
    return new CheckedOutProject(into, sha);
  }

  /** The mirror of a repository: named by a hash of its URL, which may hold credentials. */
  Path mirrorOf(String repository) {
    try {
      byte[] digest = java.security.MessageDigest.getInstance("SHA-256")
          .digest(repository.getBytes(java.nio.charset.StandardCharsets.UTF_8));
      return mirrors.resolve(java.util.HexFormat.of().formatHex(digest, 0, 12) + ".git");
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static void createDirectories(Path dir) throws CheckoutException {
    try {
      Files.createDirectories(dir);
    } catch (IOException e) {
      throw new CheckoutException("cannot create " + dir + ": " + e.getMessage());
    }
  }

  private String resolve(Path repo, String ref) throws CheckoutException, InterruptedException {
    for (String candidate : List.of("refs/heads/" + ref, "refs/tags/" + ref, ref)) {
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
