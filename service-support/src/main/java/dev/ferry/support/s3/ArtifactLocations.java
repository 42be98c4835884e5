package dev.ferry.support.s3;

import dev.ferry.events.SafeNames;
import java.util.regex.Pattern;

/**
 * Turns a run's artifact into its S3 key and URI, and a URI back into bucket and key. Every
 * part of a key is validated, so that no event can point a service outside its prefix.
 */
public final class ArtifactLocations {

  private static final Pattern ARTIFACT = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

  private final String bucket;
  private final String prefix;

  public ArtifactLocations(String bucket, String prefix) {
    this.bucket = bucket;
    this.prefix = prefix == null ? "" : prefix;
  }

  public String bucket() {
    return bucket;
  }

  /** {@code <prefix>/<workspace>/<schedule>/<run id>/<artifact>}. */
  public String key(String workspace, String schedule, String runId, String artifact) {
    SafeNames.requireName("workspace", workspace);
    SafeNames.requireName("schedule", schedule);
    SafeNames.requireRunId(runId);
    if (!ARTIFACT.matcher(artifact).matches()) {
      throw new IllegalArgumentException("artifact name '" + artifact + "' is not a plain file name");
    }
    String path = workspace + "/" + schedule + "/" + runId + "/" + artifact;
    return prefix.isEmpty() ? path : prefix + "/" + path;
  }

  public String uri(String key) {
    return "s3://" + bucket + "/" + key;
  }

  /** The object an {@code s3://bucket/key} URI names, if it lies in this store's bucket and prefix. */
  public S3ObjectRef parse(String uri) {
    String expected = "s3://" + bucket + "/" + (prefix.isEmpty() ? "" : prefix + "/");
    if (uri == null || !uri.startsWith(expected)) {
      throw new IllegalArgumentException("artifact URI '" + uri + "' is not under " + expected);
    }
    String key = uri.substring(("s3://" + bucket + "/").length());
    for (String segment : key.split("/", -1)) {
      if (!ARTIFACT.matcher(segment).matches()) {
        throw new IllegalArgumentException("artifact URI '" + uri + "' has an unsafe path segment '" + segment + "'");
      }
    }
    return new S3ObjectRef(bucket, key);
  }

  /** A bucket and key. */
  public record S3ObjectRef(String bucket, String key) {}
}
