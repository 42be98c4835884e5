package dev.ferry.events;

/**
 * The completion a runner publishes when the artifact store stayed away past its bound: the run
 * ended FAILED with a message that starts with {@link #MESSAGE_PREFIX}, its files are kept on the
 * runner, and a second completion of the same attempt, with dbt's real outcome and the stored
 * artifacts, follows once the store is back. Until then the scheduler neither retries the run nor
 * takes the FAILED for its final outcome.
 */
public final class ArtifactsKept {

  public static final String MESSAGE_PREFIX = "artifacts not stored: ";

  private ArtifactsKept() {}

  /** Whether a completion's message says its artifacts are kept and its real outcome still to come. */
  public static boolean in(String message) {
    return message != null && message.startsWith(MESSAGE_PREFIX);
  }
}
