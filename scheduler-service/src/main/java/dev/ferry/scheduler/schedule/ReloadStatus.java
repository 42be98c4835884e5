package dev.ferry.scheduler.schedule;

import dev.ferry.schedules.ScheduleProblem;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;

/**
 * How the schedules file or folder last loaded.
 *
 * @param files the files of the set in force
 * @param schedules how many schedules are in force
 * @param loadedAt when the set in force was read
 * @param checkedAt when the files were last looked at
 * @param problems what is wrong with the files as they are now; empty when the set in force is current
 */
public record ReloadStatus(Path path, List<Path> files, int schedules, Instant loadedAt, Instant checkedAt,
    List<ScheduleProblem> problems) {

  public ReloadStatus {
    files = List.copyOf(files);
    problems = List.copyOf(problems);
  }
}
