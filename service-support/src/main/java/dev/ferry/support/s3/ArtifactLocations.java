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

  /**
   * The key of an artifact of one attempt of a run: {@code <prefix>/<workspace>/<schedule>/<run id>/<artifact>}
   * for the first, {@code .../<run id>/attempt-<n>/<artifact>} for a retry, so that a retry never
   * overwrites what an earlier attempt stored (and an index entry of that attempt still names its
   * own bytes).
   */
  public String key(String workspace, String schedule, String runId, int attempt, String artifact) {
    if (attempt < 1) {
      throw new IllegalArgumentException("attempt " + attempt + " is not a positive number");
    }
    return attempt == 1 ? key(workspace, schedule, runId, artifact)
        : key(workspace, schedule, runId, "attempt-" + attempt + "/" + artifact, artifact);
  }

  /** {@code <prefix>/<workspace>/<schedule>/<run id>/<artifact>}. */
  public String key(String workspace, String schedule, String runId, String artifact) {
    return key(workspace, schedule, runId, artifact, artifact);
  }

  private String key(String workspace, String schedule, String runId, String path, String artifact) {
    SafeNames.requireName("workspace", workspace);
    SafeNames.requireName("schedule", schedule);
    SafeNames.requireRunId(runId);
    if (!ARTIFACT.matcher(artifact).matches()) {
      throw new IllegalArgumentException("artifact name '" + artifact + "' is not a plain file name");
    }
    String key = workspace + "/" + schedule + "/" + runId + "/" + path;
    return prefix.isEmpty() ? key : prefix + "/" + key;
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
