package dev.ferry.scheduler.api;

import dev.ferry.scheduler.suspend.ScheduleSuspender;
import dev.ferry.scheduler.trigger.RunRequestFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Domain errors as problem+json: bad input is 400, Kafka not acknowledging a trigger or a suspension is 503. */
@RestControllerAdvice
class ApiErrors {

  private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail badRequest(IllegalArgumentException e) {
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Bad request");
    if (e instanceof InvalidFieldException invalid) {
      problem.setProperty("field", invalid.field());
    }
    return problem;
  }

  @ExceptionHandler(ScheduleSuspender.SuspensionFailedException.class)
  ProblemDetail suspensionUnavailable(ScheduleSuspender.SuspensionFailedException e) {
    log.warn("Suspend or resume failed: {}", e.getMessage());
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    problem.setTitle("Suspension not written");
    return problem;
  }

  @ExceptionHandler(RunRequestFailedException.class)
  ProblemDetail unavailable(RunRequestFailedException e) {
    log.warn("Trigger failed: {}", e.getMessage());
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
    problem.setTitle("Run not requested");
    return problem;
  }
}
