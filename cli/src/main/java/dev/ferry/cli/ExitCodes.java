package dev.ferry.cli;

/**
 * Ferry's own exit codes (docs/cli.md has the table). When Ferry runs dbt, the exit code is dbt's
 * (0, 1 or 2); Ferry's own failures print one line starting with {@code ferry:} first.
 */
public final class ExitCodes {

  /** Something went wrong that none of the codes below names (a server error, a broken cache). */
  public static final int FAILURE = 1;
  /** A bad option, argument, URL, name or config file. */
  public static final int USAGE = 2;
  /** A Ferry service refused the token (HTTP 401 or 403). */
  public static final int AUTH = 3;
  /** No manifest to defer to: none matches, or the manifest service is unreachable and none is cached. */
  public static final int NO_MANIFEST = 4;
  /** The local dbt cannot read the manifest's schema version; upgrade dbt or pin an older run. */
  public static final int DBT_TOO_OLD = 5;
  /** The manifest's run finished longer ago than {@code --max-age}. */
  public static final int MANIFEST_TOO_OLD = 6;
  /** dbt could not be started. */
  public static final int DBT_NOT_FOUND = 127;
  /** Interrupted before dbt started. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
