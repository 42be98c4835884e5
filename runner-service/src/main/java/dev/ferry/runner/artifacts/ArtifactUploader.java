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
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
 * under {@code <name>.gz} with {@code Content-Encoding: gzip}: dbt's JSON shrinks about eightfold,
 * and every HTTP client can read gzip. All of a run's files go up at once. A file larger than {@code ferry.runner.multipart-threshold} (as
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
  /** zlib's level 3 of 9: see {@link #gzip(Path)}. */
  static final int GZIP_LEVEL = 3;

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
   * Uploads each existing file under its name, all at once, and returns them in the order given;
   * files that do not exist are skipped. At once, because the run's completion (and so its
   * manifest's freshness) waits for the slowest: a large manifest need not queue behind the logs.
   * Only regular files that really lie under {@code root} are read: a symbolic link committed to
   * a project (say {@code target/catalog.json} pointing at a token) is refused, never followed.
   * When one file cannot be stored the others are stopped and its failure is thrown.
   */
  public List<StoredArtifact> upload(String workspace, String schedule, String runId, int attempt, Path root,
      Map<String, Path> files)
      throws InterruptedException {
    long started = System.nanoTime();
    long deadline = started + retryFor.toNanos();
    List<Future<StoredArtifact>> uploads = new ArrayList<>();
    try (ExecutorService each = Executors.newVirtualThreadPerTaskExecutor()) {
      for (Map.Entry<String, Path> file : files.entrySet()) {
        if (isPlainFileUnder(root, file.getValue())) {
          uploads.add(each.submit(() -> retrying(deadline, runId, file.getKey(),
              () -> upload(workspace, schedule, runId, attempt, file.getKey(), file.getValue()))));
        }
      }
      List<StoredArtifact> stored = new ArrayList<>();
      for (Future<StoredArtifact> upload : uploads) {
        stored.add(outcome(upload, each));
      }
      duration.record(System.nanoTime() - started, java.util.concurrent.TimeUnit.NANOSECONDS);
      return stored;
    }
  }

  /** The stored artifact, or the upload's failure, after which the other uploads are stopped. */
  private static StoredArtifact outcome(Future<StoredArtifact> upload, ExecutorService all) throws InterruptedException {
    try {
      return upload.get();
    } catch (ExecutionException e) {
      all.shutdownNow();
      if (e.getCause() instanceof RuntimeException failure) {
        throw failure;
      }
      if (e.getCause() instanceof InterruptedException interrupted) {
        throw interrupted;
      }
      throw new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      all.shutdownNow();
      throw e;
    }
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
    if (!name.endsWith(".json")) {
      String sha256 = sha256(file);
      String key = locations.key(workspace, schedule, runId, attempt, name);
      put(key, "text/plain; charset=utf-8", null, sha256, file);
      return new StoredArtifact(name, locations.uri(key), sizeOf(file), IDENTITY, sha256);
    }
    String key = locations.key(workspace, schedule, runId, attempt, name + ".gz");
    Compressed compressed = gzip(file);
    try {
      put(key, "application/json", GZIP, compressed.sha256(), compressed.file());
      return new StoredArtifact(name, locations.uri(key), sizeOf(compressed.file()), GZIP, compressed.sha256());
    } finally {
      deleteQuietly(compressed.file());
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

  /** A gzip copy of a file, in a temporary file beside it that the caller deletes, and the SHA-256 of the original. */
  record Compressed(Path file, String sha256) {}

  /**
   * Compresses {@code file} and hashes its bytes in one read. At {@link #GZIP_LEVEL}, not zlib's
   * default 6: on dbt manifests level 6 takes three to four times as long (measured: 15 against 5
   * ms for 1 MB, 120 against 40 ms for 10 MB) for files a fifth smaller, and the compression is
   * on the path of every run's completion.
   */
  static Compressed gzip(Path file) {
    try {
      Path compressed = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".gz");
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest);
          OutputStream out = new LeveledGzipOutputStream(Files.newOutputStream(compressed))) {
        in.transferTo(out);
      }
      return new Compressed(compressed, HexFormat.of().formatHex(digest.digest()));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot compress " + file, e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JVM has SHA-256", e);
    }
  }

  /** gzip at {@link #GZIP_LEVEL}: {@link GZIPOutputStream} only lets a subclass choose the level. */
  private static final class LeveledGzipOutputStream extends GZIPOutputStream {
    LeveledGzipOutputStream(OutputStream out) throws IOException {
      super(out, 64 * 1024);
      def.setLevel(GZIP_LEVEL);
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
