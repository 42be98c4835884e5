package dev.ferry.cli.dbt;

import dev.ferry.cli.CliException;
import dev.ferry.events.SafeNames;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The arguments of {@code ferry dbt}: Ferry's own {@code --schedule-name} taken out, everything else
 * passed to dbt untouched and in order, and {@code --state} added once the manifest is fetched.
 *
 * @param schedule the schedule to defer to, or null to run dbt as it is
 */
public record DeferArguments(String schedule, List<String> dbtArgs) {

  static final String SCHEDULE_NAME = "--schedule-name";
  private static final String STATE = "--state";

  public DeferArguments {
    dbtArgs = List.copyOf(dbtArgs);
  }

  public static DeferArguments parse(List<String> args) {
    String schedule = null;
    List<String> dbtArgs = new ArrayList<>();
    for (int i = 0; i < args.size(); i++) {
      String arg = args.get(i);
      if (arg.equals(SCHEDULE_NAME)) {
        if (i + 1 >= args.size()) {
          throw new CliException(SCHEDULE_NAME + " needs a schedule name", 2);
        }
        schedule = args.get(++i);
      } else if (arg.startsWith(SCHEDULE_NAME + "=")) {
        schedule = arg.substring(SCHEDULE_NAME.length() + 1);
      } else {
        dbtArgs.add(arg);
      }
    }
    if (schedule != null) {
      if (!SafeNames.isName(schedule)) {
        throw new CliException("schedule '" + schedule + "' is not a valid schedule name", 2);
      }
      if (dbtArgs.stream().anyMatch(a -> a.equals(STATE) || a.startsWith(STATE + "="))) {
        throw new CliException(STATE + " conflicts with " + SCHEDULE_NAME
            + ": Ferry points --state at the schedule's production manifest; drop one of them", 2);
      }
    }
    return new DeferArguments(schedule, dbtArgs);
  }

  /** The dbt arguments with {@code --state <dir>} appended. */
  public List<String> withState(Path stateDir) {
    List<String> args = new ArrayList<>(dbtArgs);
    args.add(STATE);
    args.add(stateDir.toString());
    return args;
  }
}
