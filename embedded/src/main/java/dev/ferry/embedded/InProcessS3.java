package dev.ferry.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.locks.LockSupport;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.blobstore.BlobStore;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real S3-compatible server over HTTP in this JVM (S3Proxy), storing objects in a folder or in
 * memory and checking AWS signatures, so that the services use the real AWS SDK client against it.
 */
public final class InProcessS3 implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InProcessS3.class);
  private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

  private final S3Proxy proxy;
  private final BlobStore store;
  private final String accessKey;
  private final String secretKey;

  private InProcessS3(S3Proxy proxy, BlobStore store, String accessKey, String secretKey) {
    this.proxy = proxy;
    this.store = store;
    this.accessKey = accessKey;
    this.secretKey = secretKey;
  }

  /** Serves the objects kept in {@code dataDir} on the given port of 127.0.0.1 (0 picks a free port). */
  public static InProcessS3 start(Path dataDir, int port, String accessKey, String secretKey) {
    try {
      Files.createDirectories(dataDir);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create " + dataDir, e);
    }
    return start(new FilesystemNio2BlobStore(dataDir.toAbsolutePath().toString()), port, accessKey, secretKey);
  }

  /** Serves objects kept in memory on a free port. */
  public static InProcessS3 startInMemory(String accessKey, String secretKey) {
    return start(new TransientNio2BlobStore(), 0, accessKey, secretKey);
  }

  private static InProcessS3 start(BlobStore store, int port, String accessKey, String secretKey) {
    S3Proxy proxy = S3Proxy.builder()
        .blobStore(store)
        .endpoint(URI.create("http://127.0.0.1:" + port))
        .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKey, secretKey)
        .build();
    try {
      proxy.start();
      Instant deadline = Instant.now().plus(START_TIMEOUT);
      while (!"STARTED".equals(proxy.getState())) {
        if (Instant.now().isAfter(deadline)) {
          throw new IllegalStateException("S3 server did not start within " + START_TIMEOUT + ": " + proxy.getState());
        }
        LockSupport.parkNanos(Duration.ofMillis(10).toNanos());
      }
    } catch (Exception e) {
      throw new IllegalStateException("cannot start the S3 server on port " + port, e);
    }
    InProcessS3 s3 = new InProcessS3(proxy, store, accessKey, secretKey);
    log.info("S3 server ready at {}", s3.endpoint());
    return s3;
  }

  public URI endpoint() {
    return URI.create("http://127.0.0.1:" + proxy.getPort());
  }

  public String accessKey() {
    return accessKey;
  }

  public String secretKey() {
    return secretKey;
  }

  /** Creates {@code bucket} unless it exists. */
  public void ensureBucket(String bucket) {
    if (!store.containerExists(bucket)) {
      store.createContainer(bucket);
    }
  }

  @Override
  public void close() {
    try {
      proxy.stop();
    } catch (Exception e) {
      log.warn("S3 server did not stop cleanly: {}", e.toString());
    }
  }
}
