package dev.ferry.schedules;

import java.nio.file.Path;
import java.util.List;

/**
 * The schedules of a file or folder, all valid together.
 *
 * @param files the files they were read from, in the order read
 */
public record ScheduleSet(List<Schedule> schedules, List<Path> files) {

  public ScheduleSet {
    schedules = List.copyOf(schedules);
    files = List.copyOf(files);
  }
}
