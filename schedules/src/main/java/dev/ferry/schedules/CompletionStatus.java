package dev.ferry.schedules;

/**
 * The outcomes of a run that can fire another schedule: the names of {@code RunStatus}, written
 * in upper case in the file as the events and the API write them.
 */
public enum CompletionStatus {
  SUCCEEDED, FAILED, CANCELLED, TIMED_OUT, LOST;

  /** The name as written in {@code ferry_schedules.yml}. */
  public String yamlName() {
    return name();
  }
}
