package dev.ferry.scheduler.schedule;

import java.nio.file.Path;
import java.time.ZoneId;
import java.util.List;

/**
 * One schedule of {@code ferry_schedules.yml}: when to run which dbt commands on which project.
 *
 * @param workspace workspace that owns the schedule
 * @param name unique name within the workspace
 * @param description free text for people
 * @param cron when it fires, or null for a schedule that only runs when triggered
 * @param timezone the zone its cron is read in
 * @param commands dbt argument lists, without the leading {@code dbt}, run in order
 * @param project where the dbt project lives
 * @param target dbt target, or null for the profile's default
 * @param source the file and line that defined it
 */
public record Schedule(
    String workspace,
    String name,
    String description,
    CronSchedule cron,
    ZoneId timezone,
    List<List<String>> commands,
    ProjectRef project,
    String target,
    Source source) {

  public Schedule {
    commands = commands.stream().map(List::copyOf).toList();
  }

  public boolean isManual() {
    return cron == null;
  }

  /** Where a dbt project lives: a git URL or an absolute path of a local repository, a ref, a folder in it. */
  public record ProjectRef(String repository, String ref, String subdirectory) {}

  /** The file and line a schedule was read from, for error messages. */
  public record Source(Path file, int line) {
    @Override
    public String toString() {
      return file + ":" + line;
    }
  }
}
