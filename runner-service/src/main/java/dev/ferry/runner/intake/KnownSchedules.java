package dev.ferry.runner.intake;

import dev.ferry.schedules.InvalidSchedulesException;
import dev.ferry.schedules.Schedule;
import dev.ferry.schedules.ScheduleSet;
import dev.ferry.schedules.SchedulesReader;
import dev.ferry.schedules.WatchedScheduleFiles;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedules a runner accepts run requests for: those of {@code ferry.runner.schedules-file},
 * the file or folder the scheduler reads, read with the same strict reader. The files are read
 * again when their content changed (checked at each request: a few kilobytes against a dbt run);
 * a change that does not read keeps the schedules known so far and is logged once. Without a
 * file, every schedule is accepted. Called on the poll thread only.
 */
final class KnownSchedules {

  private static final Logger log = LoggerFactory.getLogger(KnownSchedules.class);

  private final WatchedScheduleFiles files;
  private final String workspace;
  private Set<String> names;

  /** Accepts every schedule. */
  static KnownSchedules any() {
    return new KnownSchedules(null, null);
  }

  /** Reads {@code file} now; invalid schedules stop the runner at start-up, as they stop the scheduler. */
  static KnownSchedules of(Path file, String workspace) {
    KnownSchedules known = new KnownSchedules(new WatchedScheduleFiles(new SchedulesReader(workspace), file), workspace);
    known.names = names(known.files.initial());
    log.info("Accepting runs of the {} schedules of workspace {} in {}", known.names.size(), workspace, file);
    return known;
  }

  private KnownSchedules(WatchedScheduleFiles files, String workspace) {
    this.files = files;
    this.workspace = workspace;
  }

  /** Null when the schedule is known, else why it is not. */
  String unknown(String requestWorkspace, String schedule) {
    if (files == null) {
      return null;
    }
    refresh();
    if (workspace.equals(requestWorkspace) && names.contains(schedule)) {
      return null;
    }
    return "unknown schedule " + requestWorkspace + "/" + schedule + ": not in " + files.path()
        + (workspace.equals(requestWorkspace) ? "" : " (which holds workspace " + workspace + ")");
  }

  private void refresh() {
    switch (files.look()) {
      case WatchedScheduleFiles.Change.Unchanged unchanged -> { }
      case WatchedScheduleFiles.Change.Loaded(ScheduleSet set) -> {
        names = names(set);
        log.info("Schedules file {} changed; accepting runs of its {} schedules", files.path(), names.size());
      }
      case WatchedScheduleFiles.Change.Failed(InvalidSchedulesException e) ->
          log.error("Schedules file {} changed but does not read ({} problems, first: {}); keeping the schedules "
              + "known so far", files.path(), e.problems().size(), e.problems().getFirst());
    }
  }

  private static Set<String> names(ScheduleSet set) {
    return set.schedules().stream().map(Schedule::name).collect(Collectors.toUnmodifiableSet());
  }
}
