package dev.ferry.cli.dbt;

import dev.ferry.cli.Ages;
import dev.ferry.cli.CliException;
import dev.ferry.cli.ExitCodes;
import dev.ferry.cli.manifest.ManifestQuery;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code ferry dbt}: Ferry's own defer options taken out wherever they are
 * ({@code --schedule-name}, {@code --defer-run-id}, {@code --as-of}, {@code --defer-to-any-status},
 * {@code --max-age}), everything else passed to dbt untouched and in order, and {@code --state} added
 * once the manifest is fetched.
 *
 * @param query the manifest to defer to, or null to run dbt as it is
 * @param maxAge the oldest manifest to accept, or null for any
 */
public record DeferArguments(ManifestQuery query, Duration maxAge, List<String> dbtArgs) {

  public static final String SCHEDULE_NAME = "--schedule-name";
  public static final String MAX_AGE = "--max-age";
  /** The schedule to defer to when {@code --schedule-name} is not given. */
  public static final String SCHEDULE_ENV = "FERRY_DEFER_SCHEDULE";
  private static final List<String> STATE_OPTIONS = List.of("--state", "--defer-state");
  private static final List<String> VALUE_OPTIONS =
      List.of(SCHEDULE_NAME, ManifestQuery.DEFER_RUN_ID, ManifestQuery.AS_OF, MAX_AGE);

  public DeferArguments {
    dbtArgs = List.copyOf(dbtArgs);
  }

  /**
   * @param envSchedule {@code FERRY_DEFER_SCHEDULE}, or null; used only when the dbt command asks for state
   *     ({@code --defer}, a {@code state:} selector or a Ferry pin) and brings none of its own
   */
  public static DeferArguments parse(List<String> args, String envSchedule) {
    String schedule = null;
    String runId = null;
    String asOf = null;
    String maxAge = null;
    boolean anyStatus = false;
    List<String> dbtArgs = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      int equals = arg.indexOf('=');
      String name = equals > 0 ? arg.substring(0, equals) : arg;
      if (VALUE_OPTIONS.contains(name)) {
        String value;
        if (equals > 0) {
          value = arg.substring(equals + 1);
        } else if (i + 1 < args.size()) {
          value = args.get(++i);
        } else {
          throw new CliException(name + " needs a value", ExitCodes.USAGE);
        }
        switch (name) {
          case SCHEDULE_NAME -> schedule = value;
          case ManifestQuery.DEFER_RUN_ID -> runId = value;
          case ManifestQuery.AS_OF -> asOf = value;
          default -> maxAge = value;
        }
      } else if (name.equals(ManifestQuery.ANY_STATUS)) {
        if (equals > 0) {
          throw new CliException(name + " takes no value", ExitCodes.USAGE);
        }
        anyStatus = true;
      } else {
        dbtArgs.add(arg);
      }
    }
    String ownState = dbtArgs.stream().map(a -> a.contains("=") ? a.substring(0, a.indexOf('=')) : a)
        .filter(STATE_OPTIONS::contains).findFirst().orElse(null);
    boolean pinned = runId != null || asOf != null || anyStatus || maxAge != null;
    if (schedule != null && ownState != null) {
      throw new CliException(ownState + " conflicts with " + SCHEDULE_NAME + ": Ferry passes --state <the production "
          + "manifest of " + schedule + "> itself, and dbt would silently compare with only one of the two; drop "
          + ownState + " to defer to production, or drop " + SCHEDULE_NAME + " to use your own state", ExitCodes.USAGE);
    }
    if (schedule == null && envSchedule != null && ownState == null && (pinned || asksForState(dbtArgs))) {
      schedule = envSchedule;
    }
    if (schedule == null) {
      if (pinned) {
        throw new CliException("the defer options (" + ManifestQuery.DEFER_RUN_ID + ", " + ManifestQuery.AS_OF + ", "
            + ManifestQuery.ANY_STATUS + ", " + MAX_AGE + ") need " + SCHEDULE_NAME + " or " + SCHEDULE_ENV
            + (ownState != null ? ", and no " + ownState + " of your own" : ""), ExitCodes.USAGE);
      }
      return new DeferArguments(null, null, dbtArgs);
    }
    Instant at = asOf == null ? null : ManifestQuery.parseAsOf(asOf);
    return new DeferArguments(new ManifestQuery(schedule, runId, at, anyStatus), parseMaxAge(maxAge), dbtArgs);
  }

  /** The dbt arguments with {@code --state <dir>} appended. */
  public List<String> withState(Path stateDir) {
    List<String> args = new ArrayList<>(dbtArgs);
    args.add("--state");
    args.add(stateDir.toString());
    return args;
  }

  public static Duration parseMaxAge(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Ages.parse(text);
    } catch (IllegalArgumentException e) {
      throw new CliException(MAX_AGE + " " + e.getMessage(), ExitCodes.USAGE);
    }
  }

  private static boolean asksForState(List<String> dbtArgs) {
    return dbtArgs.stream().anyMatch(a -> a.equals("--defer") || a.contains("state:"));
  }
}
