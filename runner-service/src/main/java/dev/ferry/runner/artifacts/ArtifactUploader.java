package dev.ferry.runner.artifacts;

import dev.ferry.support.s3.ArtifactLocations;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads a run's artifacts to {@code s3://<bucket>/<prefix>/<workspace>/<schedule>/<run id>/<name>},
 * recording each one's size and the SHA-256 of its bytes (also as object metadata). Uploading a
 * run again overwrites the same keys, so a redelivered run leaves one set of artifacts.
 */
@Component
public class ArtifactUploader {

  /** Object metadata key holding the lower-case hex SHA-256 of the bytes. */
  public static final String SHA256_METADATA = "sha256";

  private final S3Client s3;
  private final ArtifactLocations locations;

  ArtifactUploader(S3Client s3, ArtifactLocations locations) {
    this.s3 = s3;
    this.locations = locations;
  }

  /**
   * Uploads each existing file under its name, in order; files that do not exist are skipped.
   * Only regular files that really lie under {@code root} are read: a symbolic link committed to
   * a project (say {@code target/catalog.json} pointing at a token) is refused, never followed.
   */
  public List<StoredArtifact> upload(String workspace, String schedule, String runId, Path root, Map<String, Path> files) {
    List<StoredArtifact> stored = new ArrayList<>();
    for (Map.Entry<String, Path> file : files.entrySet()) {
      if (isPlainFileUnder(root, file.getValue())) {
        stored.add(upload(locations.key(workspace, schedule, runId, file.getKey()), file.getKey(), file.getValue()));
      }
    }
    return stored;
  }

  static boolean isPlainFileUnder(Path root, Path file) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try {
      return file.toRealPath().startsWith(root.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  private StoredArtifact upload(String key, String name, Path file) {
    String sha256 = sha256(file);
    long size = sizeOf(file);
    s3.putObject(put -> put.bucket(locations.bucket()).key(key)
        .contentType(name.endsWith(".json") ? "application/json" : "text/plain; charset=utf-8")
        .contentLength(size)
        .metadata(Map.of(SHA256_METADATA, sha256)), RequestBody.fromFile(file));
    return new StoredArtifact(name, locations.uri(key), size, "identity", sha256);
  }

  static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(java.io.OutputStream.nullOutputStream());
      return HexFormat.of().formatHex(((DigestInputStream) in).getMessageDigest().digest());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  private static long sizeOf(Path file) {
    try {
      return Files.size(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
