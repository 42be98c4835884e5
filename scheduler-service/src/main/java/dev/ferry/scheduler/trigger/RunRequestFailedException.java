package dev.ferry.scheduler.trigger;

/** Kafka did not acknowledge a RunRequested in time: the run was not requested. */
public class RunRequestFailedException extends RuntimeException {

  public RunRequestFailedException(RunRequest request, Throwable cause) {
    super("could not publish run " + request.runId() + " of " + request.schedule().workspace() + "/"
        + request.schedule().name() + ": " + rootMessage(cause), cause);
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null) {
      root = root.getCause();
    }
    return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
  }
}
