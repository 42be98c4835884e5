package dev.ferry.scheduler.api;

import dev.ferry.events.SafeNames;
import dev.ferry.scheduler.control.RunCancels;
import dev.ferry.scheduler.runs.RunHistory;
import dev.ferry.scheduler.runs.RunView;
import dev.ferry.scheduler.trigger.RunRequests;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** One run by id, whatever schedule it belongs to; and cancelling it. */
@RestController
@RequestMapping("/api/v1/runs")
class RunController {

  private final RunHistory history;
  private final RunCancels cancels;
  private final RunRequests requests;

  RunController(RunHistory history, RunCancels cancels, RunRequests requests) {
    this.history = history;
    this.cancels = cancels;
    this.requests = requests;
  }

  /**
   * Asks the runners to stop the run: 202 with the run as it stands (it ends CANCELLED once its
   * runner has stopped dbt), 409 when it has ended already, 404 when it is unknown.
   */
  @PostMapping("/{runId}/cancel")
  ResponseEntity<RunResponse> cancel(@PathVariable String runId,
      @RequestBody(required = false) CancelRequest request) {
    SafeNames.requireRunId(runId);
    RunView run = history.find(runId).orElseThrow(() -> NotFoundException.run(runId));
    if (run.phase().isTerminal()) {
      ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT,
          "Run " + runId + " has ended already (" + run.phase() + "); there is nothing to cancel");
      problem.setTitle("Run has ended");
      problem.setProperty("runId", runId);
      throw new ErrorResponseException(HttpStatus.CONFLICT, problem, null);
    }
    cancels.cancel(run, request == null || request.requestedBy() == null || request.requestedBy().isBlank()
        ? "api" : request.requestedBy());
    return ResponseEntity.accepted().body(RunResponse.of(run, requests));
  }

  /** The optional body of a cancel: who asks. */
  record CancelRequest(String requestedBy) {}

  @GetMapping("/{runId}")
  RunResponse run(@PathVariable String runId) {
    SafeNames.requireRunId(runId);
    return history.find(runId).map(run -> RunResponse.of(run, requests)).orElseThrow(() -> NotFoundException.run(runId));
  }
}
