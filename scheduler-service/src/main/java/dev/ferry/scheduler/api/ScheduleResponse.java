package dev.ferry.scheduler.api;

import dev.ferry.events.Redaction;
import dev.ferry.scheduler.schedule.Schedule;
import java.time.Instant;
import java.util.List;

/** A schedule as the API shows it. */
record ScheduleResponse(
    String workspace,
    String name,
    String description,
    String schedule,
    String timezone,
    Instant nextFireAt,
    List<String> commands,
    Project project,
    String target) {

  record Project(String repository, String ref, String subdirectory) {}

  static ScheduleResponse of(Schedule s, Instant nextFireAt) {
    return new ScheduleResponse(s.workspace(), s.name(), s.description(),
        s.isManual() ? "manual" : s.cron().expression(), s.timezone().getId(), nextFireAt,
        s.commands().stream().map(args -> "dbt " + String.join(" ", args)).toList(),
        new Project(Redaction.urls(s.project().repository()), s.project().ref(), s.project().subdirectory()), s.target());
  }
}
