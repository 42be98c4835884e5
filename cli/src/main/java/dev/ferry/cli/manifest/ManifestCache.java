package dev.ferry.cli.manifest;

import dev.ferry.events.SafeNames;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Production manifests kept on this machine. Per server, workspace and schedule:
 * <pre>
 *   &lt;root&gt;/&lt;host_port&gt;/&lt;workspace&gt;/&lt;schedule&gt;/latest/       latest SUCCEEDED run's manifest
 *                                                   latest-any/   latest of any status
 *                                                   runs/&lt;id&gt;/    pinned runs (never change)
 * </pre>
 * Each folder holds {@code manifest.json} and what the server said of it in {@code ferry-manifest.properties}
 * (a properties file, so the warm start reads it without a JSON library). Files are replaced atomically,
 * so a crash never leaves half a manifest.
 */
public final class ManifestCache {

  static final String MANIFEST = "manifest.json";
  static final String META = "ferry-manifest.properties";

  private static final AtomicLong TEMPORARY_FILES = new AtomicLong();

  private final Path root;

  public ManifestCache(Path root) {
    this.root = root;
  }

  /** {@code $FERRY_CACHE_DIR}, else {@code $XDG_CACHE_HOME/ferry}, else {@code ~/.cache/ferry}. */
  public static ManifestCache standard(Map<String, String> env, Path userHome) {
    String own = env.get("FERRY_CACHE_DIR");
    if (own != null && !own.isBlank()) {
      return new ManifestCache(Path.of(own));
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : userHome.resolve(".cache");
    return new ManifestCache(base.resolve("ferry"));
  }

  /** The folder of one schedule's manifests from one server. */
  public Path scheduleDir(URI server, String workspace, String schedule) {
    String host = (server.getHost() + "_" + (server.getPort() < 0 ? server.getScheme() : server.getPort()))
        .replaceAll("[^A-Za-z0-9._-]", "_");
    return root.resolve(host).resolve(SafeNames.requireName("workspace", workspace))
        .resolve(SafeNames.requireName("schedule", schedule));
  }

  /** Where the answer to an unpinned query lives. */
  static Path latestDir(Path scheduleDir, ManifestQuery query) {
    return scheduleDir.resolve(query.anyStatus() ? "latest-any" : "latest");
  }

  static Path runDir(Path scheduleDir, String runId) {
    return scheduleDir.resolve("runs").resolve(SafeNames.requireRunId(runId));
  }

  public Optional<CachedManifest> read(Path dir) {
    Path meta = dir.resolve(META);
    if (!Files.isRegularFile(meta) || !Files.isRegularFile(dir.resolve(MANIFEST))) {
      return Optional.empty();
    }
    Properties p = new Properties();
    try (Reader in = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
      p.load(in);
      if (p.getProperty("etag") == null || p.getProperty("fetchedAt") == null) {
        return Optional.empty();
      }
      return Optional.of(new CachedManifest(dir, p.getProperty("etag"), p.getProperty("runId"),
          p.getProperty("runStatus"), p.getProperty("gitSha"), instant(p, "finishedAt"), p.getProperty("dbtVersion"),
          p.getProperty("schemaVersion") == null ? null : Integer.valueOf(p.getProperty("schemaVersion")),
          instant(p, "generatedAt"), instant(p, "fetchedAt")));
    } catch (IOException | IllegalArgumentException | DateTimeException e) {
      return Optional.empty(); // unreadable: fetch it again
    }
  }

  /**
   * The newest cached manifest of a schedule whose run finished at or before {@code at} and that the
   * query accepts: the best offline answer to {@code --as-of}.
   */
  public Optional<CachedManifest> newestFinishedBy(Path scheduleDir, Instant at, ManifestQuery query) {
    List<Path> dirs = new ArrayList<>(List.of(scheduleDir.resolve("latest"), scheduleDir.resolve("latest-any")));
    Path runs = scheduleDir.resolve("runs");
    if (Files.isDirectory(runs)) {
      try (DirectoryStream<Path> each = Files.newDirectoryStream(runs)) {
        each.forEach(dirs::add);
      } catch (IOException e) {
        // nothing cached that can be listed
      }
    }
    return dirs.stream().map(this::read).flatMap(Optional::stream)
        .filter(m -> m.finishedAt() != null && !m.finishedAt().isAfter(at) && query.accepts(m.runStatus()))
        .max(Comparator.comparing(CachedManifest::finishedAt));
  }

  /** Moves a freshly downloaded manifest into place, then its metadata. */
  public CachedManifest store(Path downloaded, CachedManifest manifest) {
    try {
      Files.createDirectories(manifest.stateDir());
      move(downloaded, manifest.manifestFile());
      return writeMeta(manifest);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the manifest cache " + manifest.stateDir(), e);
    }
  }

  /** Records what the server said of the cached bytes (after a 200 or a 304). */
  public CachedManifest writeMeta(CachedManifest manifest) {
    StringBuilder text = new StringBuilder("# What the Ferry manifest service said of manifest.json\n");
    put(text, "etag", manifest.etag());
    put(text, "runId", manifest.runId());
    put(text, "runStatus", manifest.runStatus());
    put(text, "gitSha", manifest.gitSha());
    put(text, "finishedAt", manifest.finishedAt());
    put(text, "dbtVersion", manifest.dbtVersion());
    put(text, "schemaVersion", manifest.schemaVersion());
    put(text, "generatedAt", manifest.generatedAt());
    put(text, "fetchedAt", manifest.fetchedAt());
    try {
      Path temp = temporaryFile(manifest.stateDir(), ".meta");
      Files.writeString(temp, text, StandardCharsets.UTF_8);
      move(temp, manifest.stateDir().resolve(META));
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the manifest cache " + manifest.stateDir(), e);
    }
  }

  /**
   * A new empty file in {@code dir} for writing before an atomic move. Not {@code Files.createTempFile}:
   * its random name costs the warm start tens of milliseconds to set up {@code SecureRandom}, and a name
   * of process id, time and a counter is just as unique here.
   */
  static Path temporaryFile(Path dir, String prefix) throws IOException {
    while (true) {
      Path file = dir.resolve(prefix + "-" + ProcessHandle.current().pid() + "-" + System.nanoTime() + "-"
          + TEMPORARY_FILES.incrementAndGet() + ".tmp");
      try {
        return Files.createFile(file);
      } catch (FileAlreadyExistsException e) {
        // another process of the same id (a container), at the same nanosecond: try the next name
      }
    }
  }

  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  /**
   * One {@code key=value} line as {@link Properties#load} reads it. Not {@code Properties.store}: it
   * writes the date as a comment, which loads the JDK's locale data (tens of milliseconds) at every warm start.
   */
  private static void put(StringBuilder text, String key, Object value) {
    if (value == null) {
      return;
    }
    text.append(key).append('=');
    String string = value.toString();
    for (int i = 0; i < string.length(); i++) {
      char c = string.charAt(i);
      switch (c) {
        case '\\' -> text.append("\\\\");
        case '\n' -> text.append("\\n");
        case '\r' -> text.append("\\r");
        case '\t' -> text.append("\\t");
        case '\f' -> text.append("\\f");
        case ' ' -> text.append(i == 0 ? "\\ " : " ");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            text.append("\\u").append(HexFormat.of().toHexDigits(c));
          } else {
            text.append(c);
          }
        }
      }
    }
    text.append('\n');
  }

  private static Instant instant(Properties p, String key) {
    String value = p.getProperty(key);
    return value == null ? null : Instant.parse(value);
  }
}
