package dev.ferry.manifest.store;

import dev.ferry.support.s3.ArtifactLocations;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;

/** Reads stored manifests from S3, only inside the configured bucket and prefix. */
@Component
public class ManifestStore {

  /** Stored bytes as they are. */
  public static final String IDENTITY = "identity";
  /** Stored bytes compressed with gzip (RFC 1952), as the runner stores JSON artifacts. */
  public static final String GZIP = "gzip";

  private final S3Client s3;
  private final ArtifactLocations locations;
  private final VerifiedManifests verified;

  ManifestStore(S3Client s3, ArtifactLocations locations, VerifiedManifests verified) {
    this.s3 = s3;
    this.locations = locations;
    this.verified = verified;
  }

  /**
   * The object at {@code uri}, opened for streaming, or empty when there is none; the caller
   * closes its stream. Any other failure of the store is thrown. Always reads the store: what the
   * indexer verifies.
   */
  public Optional<StoredManifest> open(String uri) {
    ArtifactLocations.S3ObjectRef ref = locations.parse(uri);
    try {
      ResponseInputStream<GetObjectResponse> in = s3.getObject(g -> g.bucket(ref.bucket()).key(ref.key()));
      return Optional.of(new StoredManifest(in, in.response().contentLength()));
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /**
   * The indexed object at {@code uri} of {@code sizeBytes}, as {@link #open} gives it, from the bytes
   * kept when it was verified where this replica indexed it lately, else from the store.
   */
  public Optional<StoredManifest> openIndexed(String uri, long sizeBytes) {
    return verified.find(uri, sizeBytes)
        .map(bytes -> new StoredManifest(new ByteArrayInputStream(bytes), bytes.length))
        .or(() -> open(uri));
  }

  /** A stream over {@code stored} that keeps a copy of the bytes, for {@link #rememberVerified}, if they fit. */
  public CapturingInputStream capturing(StoredManifest stored) {
    return new CapturingInputStream(stored.bytes(), stored.sizeBytes(), verified.maxBytes());
  }

  /** Keeps what {@code read} captured of the object at {@code uri} once it was verified, to serve it from memory. */
  public void rememberVerified(String uri, CapturingInputStream read) {
    read.captured().ifPresent(bytes -> verified.remember(uri, bytes));
  }

  /** Whether {@code encoding} is one this service can decode. */
  public static boolean canDecode(String encoding) {
    return IDENTITY.equals(encoding) || GZIP.equals(encoding);
  }

  /** The uncompressed bytes of a stream stored with {@code encoding}. */
  public static InputStream decoded(InputStream stored, String encoding) throws IOException {
    return switch (encoding) {
      case IDENTITY -> stored;
      case GZIP -> new GZIPInputStream(stored, 64 * 1024);
      default -> throw new IllegalArgumentException("manifests stored as '" + encoding + "' cannot be decoded");
    };
  }

  /** An opened stored object: its bytes as stored, and the size the store says it has. */
  public record StoredManifest(InputStream bytes, long sizeBytes) {}
}
