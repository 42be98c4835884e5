package dev.ferry.manifest.index;

/**
 * The bytes offered as a dbt manifest are not one. Checked, because it is a fact about the bytes
 * that retrying cannot change: the caller must decide what a bad manifest means (reject the run),
 * whereas an {@link java.io.IOException} while reading may be worth a retry.
 */
public final class InvalidManifestException extends Exception {

  /** Why the bytes were rejected, stable enough to tag a metric with. */
  public enum Reason {
    /** Not syntactically JSON, or empty. */
    NOT_JSON,
    /** JSON that ends before its top-level value is complete. */
    TRUNCATED,
    /** The top-level value is not a JSON object. */
    NOT_AN_OBJECT,
    /** No {@code metadata.dbt_schema_version}. */
    NO_SCHEMA_VERSION,
    /** A dbt schema URL we cannot read a kind and version from. */
    UNPARSEABLE_SCHEMA_VERSION,
    /** Another dbt artifact, such as run_results.json or catalog.json. */
    NOT_A_MANIFEST,
    /** No top-level {@code nodes} object. */
    NO_NODES,
    /** A manifest-shaped document with a part of the wrong shape (e.g. {@code metadata} that is not an object). */
    MALFORMED
  }

  private final Reason reason;

  InvalidManifestException(Reason reason, String message) {
    super(message);
    this.reason = reason;
  }

  InvalidManifestException(Reason reason, String message, Throwable cause) {
    super(message, cause);
    this.reason = reason;
  }

  public Reason reason() {
    return reason;
  }
}
