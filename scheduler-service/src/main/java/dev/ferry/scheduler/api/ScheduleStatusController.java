package dev.ferry.scheduler.api;

import dev.ferry.scheduler.schedule.LiveSchedules;
import dev.ferry.scheduler.schedule.ReloadStatus;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** How the schedules files last loaded: what is in force since when, and what is wrong with the files now. */
@RestController
class ScheduleStatusController {

  private final LiveSchedules schedules;

  ScheduleStatusController(LiveSchedules schedules) {
    this.schedules = schedules;
  }

  /**
   * @param valid whether the files as they are now are the set in force
   * @param errors each problem as {@code file:line:column: field: message}
   */
  record StatusResponse(String path, List<String> files, int schedules, Instant loadedAt, Instant checkedAt,
      boolean valid, List<String> errors) {}

  @GetMapping("/api/v1/schedules/status")
  StatusResponse status() {
    ReloadStatus status = schedules.status();
    return new StatusResponse(status.path().toString(), status.files().stream().map(Object::toString).toList(),
        status.schedules(), status.loadedAt(), status.checkedAt(), status.problems().isEmpty(),
        status.problems().stream().map(Object::toString).toList());
  }
}
