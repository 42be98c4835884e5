package dev.ferry.scheduler.notify;

/** Why a schedule's webhooks are called; the label is the payload's {@code event} and the metric's tag. */
public enum NotificationEvent {
  /** The run ended FAILED, TIMED_OUT or LOST and no retry follows. */
  FAILURE("failure"),
  /** The run SUCCEEDED. */
  SUCCESS("success"),
  /** The cron run was not SUCCEEDED by its tick plus the schedule's {@code sla}. */
  SLA_MISS("sla_miss");

  private final String label;

  NotificationEvent(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
