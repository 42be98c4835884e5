package dev.ferry.runner.packages;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * What decides which packages {@code dbt deps} installs for a project, as one SHA-256: the dbt
 * version, the install folder, the bytes of {@code packages.yml}, {@code dependencies.yml} and
 * {@code package-lock.yml}, the values of the environment variables they read with
 * {@code env_var()}, and the whole content of every {@code local:} package (and the local packages
 * those name). A project whose install cannot be pinned down this way (a templated path, a local
 * package that is not there) has no key, and {@code dbt deps} runs every time.
 */
final class PackagesKey {

  static final List<String> PACKAGE_FILES = List.of("packages.yml", "dependencies.yml");
  static final String LOCK_FILE = "package-lock.yml";
  private static final List<String> PROJECT_FILES = List.of("packages.yml", "dependencies.yml", LOCK_FILE);
  static final String DEFAULT_INSTALL_PATH = "dbt_packages";
  private static final Pattern ENV_VAR = Pattern.compile("env_var\\(\\s*['\"]([A-Za-z_][A-Za-z0-9_]*)['\"]");

  /** What {@link #of} found. */
  sealed interface Result permits Key, Uncacheable {}

  /** The key, and the folder dbt installs the packages into. */
  record Key(String hash, Path installDir) implements Result {}

  /** Why this project's install is not cached. */
  record Uncacheable(String reason) implements Result {}

  private PackagesKey() {}

  /** Whether the project declares packages at all. */
  static boolean hasPackages(Path projectDir) {
    return PACKAGE_FILES.stream().anyMatch(f -> Files.isRegularFile(projectDir.resolve(f), LinkOption.NOFOLLOW_LINKS));
  }

  static Result of(Path projectDir, String dbtVersion, Map<String, String> environment) {
    try {
      Object installPath = yaml(projectDir.resolve("dbt_project.yml")).get("packages-install-path");
      Path installDir = installDir(projectDir, installPath == null ? DEFAULT_INSTALL_PATH : installPath);
      if (installDir == null) {
        return new Uncacheable("packages-install-path '" + installPath + "' is not a plain folder inside the project");
      }
      MessageDigest digest = sha256();
      text(digest, "dbt " + dbtVersion);
      text(digest, "install " + projectDir.relativize(installDir));
      Set<String> variables = new TreeSet<>();
      String problem = hashPackageFiles(projectDir, digest, variables);
      if (problem != null) {
        return new Uncacheable(problem);
      }
      for (String variable : variables) {
        String value = environment.containsKey(variable) ? environment.get(variable) : System.getenv(variable);
        text(digest, "env " + variable + (value == null ? " unset" : "=" + value));
      }
      return new Key(HexFormat.of().formatHex(digest.digest()), installDir);
    } catch (IOException | YAMLException | ClassCastException e) {
      return new Uncacheable("cannot read the package files: " + e.getMessage());
    }
  }

  /**
   * Hashes the project's package files and every local package they name, following local
   * packages of local packages; collects the variables their {@code env_var()} calls read.
   * Returns why the install cannot be keyed, or null.
   */
  private static String hashPackageFiles(Path projectDir, MessageDigest digest, Set<String> variables)
      throws IOException {
    Deque<Path> pending = new ArrayDeque<>(List.of(projectDir));
    Set<Path> seen = new HashSet<>();
    while (!pending.isEmpty()) {
      Path dir = pending.pop();
      if (!seen.add(dir.toRealPath())) {
        continue;
      }
      for (String name : dir.equals(projectDir) ? PROJECT_FILES : PACKAGE_FILES) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
          continue;
        }
        String content = Files.readString(file, StandardCharsets.UTF_8);
        Matcher matcher = ENV_VAR.matcher(content);
        while (matcher.find()) {
          variables.add(matcher.group(1));
        }
        if (dir.equals(projectDir)) {
          text(digest, "file " + name + "\n" + content); // a local package's files are in its tree below
        }
        if (name.equals(LOCK_FILE)) {
          continue;
        }
        for (String local : locals(file)) {
          if (local.contains("{{") || local.startsWith("~")) {
            return "the local package '" + local + "' in " + name + " is templated";
          }
          Path localDir = dir.resolve(local).normalize();
          if (!Files.isDirectory(localDir)) {
            return "the local package '" + local + "' in " + name + " is not a folder";
          }
          text(digest, "local " + local);
          tree(localDir, digest);
          pending.push(localDir);
        }
      }
    }
    return null;
  }

  /** The {@code local:} entries of a packages file. */
  private static List<String> locals(Path file) throws IOException {
    Object packages = yaml(file).get("packages");
    List<String> locals = new ArrayList<>();
    if (packages instanceof List<?> list) {
      for (Object item : list) {
        if (item instanceof Map<?, ?> entry && entry.containsKey("local")) {
          locals.add(String.valueOf(entry.get("local")));
        }
      }
    }
    return locals;
  }

  private static Map<?, ?> yaml(Path file) throws IOException {
    if (!Files.isRegularFile(file)) {
      return Map.of();
    }
    try (InputStream in = Files.newInputStream(file)) {
      Object loaded = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
      return loaded instanceof Map<?, ?> map ? map : Map.of();
    }
  }

  private static Path installDir(Path projectDir, Object configured) {
    if (!(configured instanceof String path) || path.isBlank() || path.contains("{{")) {
      return null;
    }
    Path relative = Path.of(path).normalize();
    Path dir = projectDir.resolve(relative).normalize();
    return relative.isAbsolute() || relative.startsWith("..") || dir.equals(projectDir) || !dir.startsWith(projectDir)
        ? null : dir;
  }

  /** Every file, folder and link under {@code root}, by relative path, with the bytes of each file. */
  private static void tree(Path root, MessageDigest digest) throws IOException {
    List<Path> paths;
    try (Stream<Path> walk = Files.walk(root)) {
      paths = walk.sorted().toList();
    } catch (UncheckedIOException e) {
      throw e.getCause();
    }
    for (Path path : paths) {
      String relative = root.relativize(path).toString();
      if (Files.isSymbolicLink(path)) {
        text(digest, "link " + relative + " -> " + Files.readSymbolicLink(path));
      } else if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
        text(digest, "dir " + relative);
      } else {
        text(digest, "file " + relative + " " + Files.size(path));
        try (InputStream in = Files.newInputStream(path)) {
          byte[] buffer = new byte[64 * 1024];
          for (int n; (n = in.read(buffer)) > 0; ) {
            digest.update(buffer, 0, n);
          }
        }
      }
    }
  }

  /** A length-prefixed string, so that no two different inputs give the same stream of bytes. */
  private static void text(MessageDigest digest, String text) {
    byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
    digest.update((bytes.length + ":").getBytes(StandardCharsets.US_ASCII));
    digest.update(bytes);
  }

  private static MessageDigest sha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }
}
