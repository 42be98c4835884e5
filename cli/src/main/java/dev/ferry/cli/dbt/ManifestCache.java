package dev.ferry.cli.dbt;

import dev.ferry.events.SafeNames;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Production manifests kept on this machine, one folder per server, workspace and schedule:
 * {@code <root>/<host_port>/<workspace>/<schedule>/manifest.json}, with what the server said of it in
 * {@code ferry-manifest.json}. Files are replaced atomically, so a crash never leaves half a manifest.
 */
public final class ManifestCache {

  static final String MANIFEST = "manifest.json";
  static final String META = "ferry-manifest.json";
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final Path root;

  public ManifestCache(Path root) {
    this.root = root;
  }

  /** {@code $FERRY_CACHE_DIR}, else {@code $XDG_CACHE_HOME/ferry}, else {@code ~/.cache/ferry}. */
  public static ManifestCache standard(Map<String, String> env) {
    if (env.get("FERRY_CACHE_DIR") != null) {
      return new ManifestCache(Path.of(env.get("FERRY_CACHE_DIR")));
    }
    String xdg = env.get("XDG_CACHE_HOME");
    Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
    return new ManifestCache(base.resolve("ferry"));
  }

  /** The folder of one schedule's manifest from one server. */
  public Path dirOf(URI server, String workspace, String schedule) {
    String host = (server.getHost() + "_" + (server.getPort() < 0 ? server.getScheme() : server.getPort()))
        .replaceAll("[^A-Za-z0-9._-]", "_");
    return root.resolve(host).resolve(SafeNames.requireName("workspace", workspace))
        .resolve(SafeNames.requireName("schedule", schedule));
  }

  public Optional<CachedManifest> read(Path dir) {
    Path meta = dir.resolve(META);
    if (!Files.isRegularFile(meta) || !Files.isRegularFile(dir.resolve(MANIFEST))) {
      return Optional.empty();
    }
    try {
      JsonNode node = JSON.readTree(meta.toFile());
      return Optional.of(new CachedManifest(dir, node.path("etag").asString(), node.path("runId").asString(),
          text(node, "gitSha"), Instant.parse(node.path("finishedAt").asString()), text(node, "dbtVersion"),
          Instant.parse(node.path("fetchedAt").asString())));
    } catch (JacksonException | java.time.DateTimeException e) {
      return Optional.empty(); // unreadable: fetch it again
    }
  }

  /** Moves a freshly downloaded manifest into place, then its metadata. */
  public CachedManifest store(Path downloaded, CachedManifest manifest) {
    try {
      Files.createDirectories(manifest.stateDir());
      move(downloaded, manifest.stateDir().resolve(MANIFEST));
      return writeMeta(manifest);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the manifest cache " + manifest.stateDir(), e);
    }
  }

  /** Records that the server confirmed the cached bytes (304) for this run. */
  public CachedManifest writeMeta(CachedManifest manifest) {
    Map<String, Object> meta = new LinkedHashMap<>();
    meta.put("etag", manifest.etag());
    meta.put("runId", manifest.runId());
    meta.put("gitSha", manifest.gitSha());
    meta.put("finishedAt", manifest.finishedAt().toString());
    meta.put("dbtVersion", manifest.dbtVersion());
    meta.put("fetchedAt", manifest.fetchedAt().toString());
    try {
      Path temp = Files.createTempFile(manifest.stateDir(), ".meta", ".tmp");
      Files.writeString(temp, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(meta));
      move(temp, manifest.stateDir().resolve(META));
      return manifest;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the manifest cache " + manifest.stateDir(), e);
    }
  }

  private static void move(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }

  private static String text(JsonNode node, String field) {
    return node.hasNonNull(field) ? node.get(field).asString() : null;
  }
}
