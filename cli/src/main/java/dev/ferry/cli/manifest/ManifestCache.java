package dev.ferry.cli.manifest;

import dev.ferry.events.SafeNames;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

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
    Properties p = new Properties();
    put(p, "etag", manifest.etag());
    put(p, "runId", manifest.runId());
    put(p, "runStatus", manifest.runStatus());
    put(p, "gitSha", manifest.gitSha());
    put(p, "finishedAt", manifest.finishedAt());
    put(p, "dbtVersion", manifest.dbtVersion());
    put(p, "schemaVersion", manifest.schemaVersion());
    put(p, "generatedAt", manifest.generatedAt());
    put(p, "fetchedAt", manifest.fetchedAt());
    try {
      Path temp = Files.createTempFile(manifest.stateDir(), ".meta", ".tmp");
      try (Writer out = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
        p.store(out, "What the Ferry manifest service said of manifest.json");
      }
      move(temp, manifest.stateDir().resolve(META));
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the manifest cache " + manifest.stateDir(), e);
    }
  }

  static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static void put(Properties p, String key, Object value) {
    if (value != null) {
      p.setProperty(key, value.toString());
    }
  }

  private static Instant instant(Properties p, String key) {
    String value = p.getProperty(key);
    return value == null ? null : Instant.parse(value);
  }
}
