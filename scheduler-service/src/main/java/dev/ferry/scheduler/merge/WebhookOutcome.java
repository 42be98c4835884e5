package dev.ferry.scheduler.merge;

import java.util.List;

/**
 * What a webhook delivery did: {@code accepted} (the runs of the schedules whose {@code on_merge}
 * is the branch), {@code ignored} (with why), or {@code pong} (GitHub's ping).
 */
public record WebhookOutcome(String status, String reason, String branch, String commit, List<FiredRun> runs) {

  /**
   * One schedule the merge concerned.
   *
   * @param outcome {@code requested}; {@code already_requested} when this commit fired it before (a
   *     redelivery); {@code suspended} when the schedule is suspended
   * @param runId the run of the schedule for this commit (null when suspended)
   */
  public record FiredRun(String schedule, String runId, String outcome) {}

  static WebhookOutcome ignored(String reason) {
    return new WebhookOutcome("ignored", reason, null, null, List.of());
  }

  static WebhookOutcome pong() {
    return new WebhookOutcome("pong", null, null, null, List.of());
  }
}
