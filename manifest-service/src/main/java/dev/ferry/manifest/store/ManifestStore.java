package dev.ferry.manifest.store;

import dev.ferry.support.s3.ArtifactLocations;
import java.io.InputStream;
import java.util.Optional;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/** Reads stored manifests from S3, only inside the configured bucket and prefix. */
@Component
public class ManifestStore {

  private final S3Client s3;
  private final ArtifactLocations locations;

  ManifestStore(S3Client s3, ArtifactLocations locations) {
    this.s3 = s3;
    this.locations = locations;
  }

  /** The stored size of the object at {@code uri}, or empty when there is none. */
  public Optional<Long> sizeOf(String uri) {
    ArtifactLocations.S3ObjectRef ref = locations.parse(uri);
    try {
      HeadObjectResponse head = s3.headObject(h -> h.bucket(ref.bucket()).key(ref.key()));
      return Optional.of(head.contentLength());
    } catch (NoSuchKeyException e) {
      return Optional.empty();
    } catch (software.amazon.awssdk.services.s3.model.S3Exception e) {
      if (e.statusCode() == 404) {
        return Optional.empty();
      }
      throw e;
    }
  }

  /** The object at {@code uri}, opened for streaming; the caller closes its stream. */
  public StoredManifest open(String uri) {
    ArtifactLocations.S3ObjectRef ref = locations.parse(uri);
    ResponseInputStream<GetObjectResponse> in = s3.getObject(g -> g.bucket(ref.bucket()).key(ref.key()));
    return new StoredManifest(in, in.response().contentLength());
  }

  /** An opened stored manifest: its bytes and the size the store says it has. */
  public record StoredManifest(InputStream bytes, long sizeBytes) {}
}
