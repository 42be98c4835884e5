package dev.ferry.scheduler.trigger;

import dev.ferry.support.Failures;

/** Kafka did not acknowledge a RunRequested in time: the run was not requested. */
public class RunRequestFailedException extends RuntimeException {

  public RunRequestFailedException(RunRequest request, Throwable cause) {
    super("could not publish run " + request.runId() + " of " + request.schedule().workspace() + "/"
        + request.schedule().name() + ": " + Failures.rootMessage(cause), cause);
  }
}
