package dev.ferry.runner.artifacts;

import dev.ferry.runner.RunnerProperties;
import dev.ferry.support.s3.ArtifactLocations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.zip.GZIPOutputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Uploads a run's artifacts to {@code s3://<bucket>/<prefix>/<workspace>/<schedule>/<run id>/<name>},
 * recording each one's stored size and the SHA-256 of its uncompressed bytes (also as object
 * metadata). JSON artifacts (manifest.json above all, often tens of MB) are stored gzip-compressed
 * under {@code <name>.gz} with {@code Content-Encoding: gzip}: dbt's JSON shrinks about tenfold, and
 * every HTTP client can read gzip. A file larger than {@code ferry.runner.multipart-threshold} (as
 * stored) goes up as a multipart upload, aborted when it fails. Uploading an attempt again overwrites the same keys, so
 * a redelivered run leaves one set of artifacts; a retry (a later attempt) stores under {@code attempt-<n>/}, so it never
 * overwrites what an earlier attempt stored.
 */
@Component
public class ArtifactUploader {

  /** Object metadata key holding the lower-case hex SHA-256 of the bytes. */
  public static final String SHA256_METADATA = "sha256";
  private static final Logger log = LoggerFactory.getLogger(ArtifactUploader.class);
  private static final Duration FIRST_RETRY = Duration.ofSeconds(1);
  private static final Duration MAX_RETRY_WAIT = Duration.ofSeconds(30);
  static final String IDENTITY = "identity";
  static final String GZIP = "gzip";

  private final S3Client s3;
  private final ArtifactLocations locations;
  private final Duration retryFor;
  private final Counter retries;
  private final Timer duration;
  private final long multipartThreshold;
  private final MultipartUpload multipart;

  ArtifactUploader(S3Client s3, ArtifactLocations locations, RunnerProperties properties, MeterRegistry meters) {
    this.s3 = s3;
    this.locations = locations;
    this.retryFor = properties.uploadRetryFor();
    this.multipartThreshold = properties.multipartThreshold().toBytes();
    this.multipart = new MultipartUpload(s3, locations.bucket(), Math.toIntExact(properties.multipartPartSize().toBytes()));
    this.retries = Counter.builder("ferry.runner.upload.retries")
        .description("Artifact uploads tried again because the artifact store failed").register(meters);
    this.duration = Timer.builder("ferry.artifact.upload.duration")
        .description("Storing all artifacts of one run, retries included").register(meters);
  }

  /**
   * Uploads each existing file under its name, in order; files that do not exist are skipped.
   * Only regular files that really lie under {@code root} are read: a symbolic link committed to
   * a project (say {@code target/catalog.json} pointing at a token) is refused, never followed.
   */
  public List<StoredArtifact> upload(String workspace, String schedule, String runId, int attempt, Path root,
      Map<String, Path> files)
      throws InterruptedException {
    List<StoredArtifact> stored = new ArrayList<>();
    long started = System.nanoTime();
    long deadline = started + retryFor.toNanos();
    for (Map.Entry<String, Path> file : files.entrySet()) {
      if (isPlainFileUnder(root, file.getValue())) {
        stored.add(retrying(deadline, runId, file.getKey(),
            () -> upload(workspace, schedule, runId, attempt, file.getKey(), file.getValue())));
      }
    }
    duration.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
    return stored;
  }

  /**
   * Tries an upload until it succeeds or the run's upload deadline passes, waiting 1 s, 2 s, 4 s
   * ... up to 30 s between tries, so that an S3 outage of minutes costs no artifact; the AWS SDK's
   * own few retries cover only blips. Throws the last failure once the deadline has passed.
   */
  private StoredArtifact retrying(long deadline, String runId, String name, Supplier<StoredArtifact> upload)
      throws InterruptedException {
    Duration wait = FIRST_RETRY;
    for (int attempt = 1; ; attempt++) {
      try {
        return upload.get();
      } catch (SdkException e) {
        if (System.nanoTime() + wait.toNanos() > deadline) {
          throw new ArtifactStoreUnavailableException("the artifact store did not take " + name + " within "
              + retryFor + " (" + attempt + " tries): " + e.getMessage(), e);
        }
        log.warn("Storing {} of run {} failed (try {}): {}; trying again in {} s", name, runId, attempt,
            e.getMessage(), wait.toSeconds());
        retries.increment();
        Thread.sleep(wait);
        wait = wait.multipliedBy(2).compareTo(MAX_RETRY_WAIT) > 0 ? MAX_RETRY_WAIT : wait.multipliedBy(2);
      }
    }
  }

  /** S3 stayed away longer than {@code ferry.runner.upload-retry-for}. */
  public static final class ArtifactStoreUnavailableException extends RuntimeException {
    ArtifactStoreUnavailableException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Whether {@code file} is a regular file, not a link, that really lies under {@code root}. */
  public static boolean isPlainFileUnder(Path root, Path file) {
    if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return false;
    }
    try {
      return file.toRealPath().startsWith(root.toRealPath());
    } catch (IOException e) {
      return false;
    }
  }

  private StoredArtifact upload(String workspace, String schedule, String runId, int attempt, String name, Path file) {
    String sha256 = sha256(file);
    if (!name.endsWith(".json")) {
      String key = locations.key(workspace, schedule, runId, attempt, name);
      put(key, "text/plain; charset=utf-8", null, sha256, file);
      return new StoredArtifact(name, locations.uri(key), sizeOf(file), IDENTITY, sha256);
    }
    String key = locations.key(workspace, schedule, runId, attempt, name + ".gz");
    Path compressed = gzip(file);
    try {
      put(key, "application/json", GZIP, sha256, compressed);
      return new StoredArtifact(name, locations.uri(key), sizeOf(compressed), GZIP, sha256);
    } finally {
      deleteQuietly(compressed);
    }
  }

  private void put(String key, String contentType, String contentEncoding, String sha256, Path file) {
    if (sizeOf(file) > multipartThreshold) {
      multipart.put(key, contentType, contentEncoding, Map.of(SHA256_METADATA, sha256), file);
      return;
    }
    s3.putObject(put -> put.bucket(locations.bucket()).key(key)
        .contentType(contentType)
        .contentEncoding(contentEncoding)
        .contentLength(sizeOf(file))
        .metadata(Map.of(SHA256_METADATA, sha256)), RequestBody.fromFile(file));
  }

  /** A gzip copy of {@code file} in a temporary file beside it; the caller deletes it. */
  static Path gzip(Path file) {
    try {
      Path compressed = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".gz");
      try (InputStream in = Files.newInputStream(file);
          OutputStream out = new GZIPOutputStream(Files.newOutputStream(compressed), 64 * 1024)) {
        in.transferTo(out);
      }
      return compressed;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compress " + file, e);
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // a leftover temporary file goes with the run's workspace
    }
  }

  static String sha256(Path file) {
    try (InputStream in = new DigestInputStream(Files.newInputStream(file), MessageDigest.getInstance("SHA-256"))) {
      in.transferTo(OutputStream.nullOutputStream());
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
