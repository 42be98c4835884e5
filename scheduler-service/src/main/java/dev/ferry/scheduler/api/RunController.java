package dev.ferry.scheduler.api;

import dev.ferry.events.SafeNames;
import dev.ferry.scheduler.runs.RunHistory;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** One run by id, whatever schedule it belongs to. */
@RestController
@RequestMapping("/api/v1/runs")
class RunController {

  private final RunHistory history;

  RunController(RunHistory history) {
    this.history = history;
  }

  @GetMapping("/{runId}")
  RunResponse run(@PathVariable String runId) {
    SafeNames.requireRunId(runId);
    return history.find(runId).map(RunResponse::of).orElseThrow(() -> NotFoundException.run(runId));
  }
}
