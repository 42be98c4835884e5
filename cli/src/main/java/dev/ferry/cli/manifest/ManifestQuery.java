package dev.ferry.cli.manifest;

import dev.ferry.cli.CliException;
import dev.ferry.cli.ExitCodes;
import dev.ferry.events.SafeNames;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;

/**
 * Which manifest of a schedule to defer to: the latest (of a SUCCEEDED run, or of any run with
 * {@code anyStatus}), one run's ({@code --defer-run-id}), or the newest finished at or before a time
 * ({@code --as-of}). Maps one to one onto the manifest service's query parameters.
 *
 * @param runId the pinned run, or null
 * @param asOf the pinned time, or null
 */
public record ManifestQuery(String schedule, String runId, Instant asOf, boolean anyStatus) {

  public static final String DEFER_RUN_ID = "--defer-run-id";
  public static final String AS_OF = "--as-of";
  public static final String ANY_STATUS = "--defer-to-any-status";

  public ManifestQuery {
    if (!SafeNames.isName(schedule)) {
      throw new CliException("schedule '" + schedule + "' is not a valid schedule name", ExitCodes.USAGE);
    }
    if (runId != null && !SafeNames.isRunId(runId)) {
      throw new CliException(DEFER_RUN_ID + " '" + runId + "' is not a run id (a lower-case UUID)", ExitCodes.USAGE);
    }
    if (runId != null && asOf != null) {
      throw new CliException(DEFER_RUN_ID + " and " + AS_OF + " both pin the run; give one of them", ExitCodes.USAGE);
    }
  }

  public static ManifestQuery latest(String schedule) {
    return new ManifestQuery(schedule, null, null, false);
  }

  /** {@code 2026-11-25T10:00:00Z} or {@code 2026-11-25T11:00:00+01:00}. */
  public static Instant parseAsOf(String text) {
    try {
      return OffsetDateTime.parse(text.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw new CliException(AS_OF + " '" + text + "' is not an ISO-8601 time with an offset, such as "
          + "2026-11-25T10:00:00Z or 2026-11-25T11:00:00+01:00", ExitCodes.USAGE);
    }
  }

  /** True when the answer is one fixed run whose manifest never changes. */
  public boolean pinned() {
    return runId != null || asOf != null;
  }

  /** The query string for the manifest endpoints: {@code ?status=any&run_id=…}, or empty. */
  public String queryString() {
    StringBuilder query = new StringBuilder();
    if (anyStatus) {
      query.append("&status=any");
    }
    if (runId != null) {
      query.append("&run_id=").append(runId);
    }
    if (asOf != null) {
      query.append("&at=").append(asOf);
    }
    return query.isEmpty() ? "" : "?" + query.substring(1);
  }

  /** How the target reads in messages: "nightly", "nightly run <id>", "nightly as of <time>". */
  public String describe() {
    String what = schedule + (runId != null ? " run " + runId : asOf != null ? " as of " + asOf : "");
    return anyStatus ? what + " (any status)" : what;
  }

  /** Whether a run of this status may answer this query. */
  public boolean accepts(String runStatus) {
    return anyStatus || "SUCCEEDED".equals(runStatus);
  }
}
