package dev.ferry.cli.dbt;

import dev.ferry.cli.manifest.DbtVersion;
import java.io.File;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.TreeSet;

/**
 * The version of the dbt-core that Ferry will run, read from its virtualenv's
 * {@code lib/python3.X/site-packages/dbt_core-<version>.dist-info} folder. Starting Python to ask
 * ({@code dbt --version}) takes seconds, and checks PyPI for updates; reading a folder name takes
 * under a millisecond. Anything unexpected (a wrapper script, a system install, two versions) means
 * "unknown", and Ferry then skips the version checks.
 */
public final class LocalDbt {

  private LocalDbt() {}

  /** The version, or null when it cannot be told without running dbt. */
  public static DbtVersion version(String executable, String pathVariable) {
    Path exe = locate(executable, pathVariable);
    if (exe == null) {
      return null;
    }
    Set<Path> candidates = new LinkedHashSet<>();
    candidates.add(exe.toAbsolutePath());
    try {
      candidates.add(exe.toRealPath()); // pipx and friends link bin/dbt into their own venv
    } catch (IOException e) {
      return null;
    }
    Set<String> versions = new TreeSet<>();
    for (Path candidate : candidates) {
      Path bin = candidate.getParent();
      if (bin != null && bin.getParent() != null) {
        versions.addAll(distInfoVersions(bin.getParent()));
      }
    }
    return versions.size() == 1 ? DbtVersion.parse(versions.iterator().next()) : null;
  }

  private static Path locate(String executable, String pathVariable) {
    if (executable.contains(File.separator)) {
      Path path = Path.of(executable);
      return Files.isRegularFile(path) ? path : null;
    }
    if (pathVariable == null) {
      return null;
    }
    for (String dir : pathVariable.split(File.pathSeparator)) {
      if (!dir.isEmpty() && Files.isExecutable(Path.of(dir, executable))) {
        return Path.of(dir, executable);
      }
    }
    return null;
  }

  private static Set<String> distInfoVersions(Path venv) {
    Set<String> versions = new TreeSet<>();
    for (String lib : new String[] {"lib", "lib64"}) {
      for (Path python : list(venv.resolve(lib), "python*")) {
        for (Path distInfo : list(python.resolve("site-packages"), "dbt_core-*.dist-info")) {
          String name = distInfo.getFileName().toString();
          versions.add(name.substring("dbt_core-".length(), name.length() - ".dist-info".length()));
        }
      }
    }
    return versions;
  }

  private static Set<Path> list(Path dir, String glob) {
    Set<Path> found = new TreeSet<>();
    if (Files.isDirectory(dir)) {
      try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, glob)) {
        entries.forEach(found::add);
      } catch (IOException e) {
        // unreadable: nothing found here
      }
    }
    return found;
  }
}
