package dev.ferry.events;

/**
 * The HTTP headers with which the manifest service describes a manifest it serves (on 200 and
 * 304 alike), and which the CLI reads and caches. Part of the contract, like the event schemas.
 */
public final class ManifestHeaders {

  /** The run that wrote the manifest. */
  public static final String RUN_ID = "Ferry-Run-Id";
  /** That run's status: SUCCEEDED, FAILED, ... */
  public static final String RUN_STATUS = "Ferry-Run-Status";
  /** The commit the run checked out. */
  public static final String GIT_SHA = "Ferry-Git-Sha";
  /** When the run finished, ISO-8601. */
  public static final String FINISHED_AT = "Ferry-Finished-At";
  /** metadata.dbt_version of the manifest. */
  public static final String DBT_VERSION = "Ferry-Dbt-Version";
  /** The manifest's schema version: 12 for manifest/v12.json. */
  public static final String SCHEMA_VERSION = "Ferry-Manifest-Schema-Version";
  /** metadata.generated_at of the manifest, ISO-8601. */
  public static final String GENERATED_AT = "Ferry-Generated-At";

  private ManifestHeaders() {}
}
