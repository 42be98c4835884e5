package dev.ferry.scheduler.api;

import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A schedule, workspace or run the caller named does not exist; rendered as a 404 problem+json. */
class NotFoundException extends ErrorResponseException {

  NotFoundException(String title, String detail, String property, String value) {
    super(HttpStatus.NOT_FOUND, problem(title, detail, property, value), null);
  }

  private static ProblemDetail problem(String title, String detail, String property, String value) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, detail);
    problem.setTitle(title);
    problem.setType(URI.create("https://ferry.dev/problems/not-found"));
    problem.setProperty(property, value);
    return problem;
  }

  static NotFoundException schedule(String workspace, String schedule) {
    NotFoundException e = new NotFoundException("Schedule not found",
        "No schedule '" + schedule + "' in workspace '" + workspace + "'", "schedule", schedule);
    e.getBody().setProperty("workspace", workspace);
    return e;
  }

  static NotFoundException run(String runId) {
    return new NotFoundException("Run not found", "No run '" + runId + "' is known", "runId", runId);
  }
}
