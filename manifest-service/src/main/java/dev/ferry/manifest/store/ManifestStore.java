package dev.ferry.manifest.store;

import dev.ferry.support.s3.ArtifactLocations;
import java.io.InputStream;
import java.util.Optional;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.services.s3.S3Client;
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

  /** The bytes of the object at {@code uri}, streamed; the caller closes the stream. */
  public InputStream open(String uri) {
    ArtifactLocations.S3ObjectRef ref = locations.parse(uri);
    return s3.getObject(g -> g.bucket(ref.bucket()).key(ref.key()));
  }
}
