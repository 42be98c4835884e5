package dev.ferry.scheduler.lifecycle;

import dev.ferry.schedules.Schedule;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.util.Collection;

/**
 * Metrics of the run lifecycle: {@code ferry_scheduler_runs_lost_total{workspace,schedule}},
 * {@code ferry_scheduler_run_retries_total{workspace,schedule}},
 * {@code ferry_schedule_sla_misses_total{workspace,schedule}}, and the gauge
 * {@code ferry_schedule_sla_seconds{workspace,schedule}} for each schedule with an {@code sla}, so
 * that an alert can compare {@code ferry_manifest_age_seconds} with it.
 */
public final class LifecycleMetrics {

  private final MeterRegistry registry;
  private final MultiGauge sla;

  public LifecycleMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.sla = MultiGauge.builder("ferry.schedule.sla.seconds")
        .description("The schedule's sla: how long after its tick a run must have succeeded").register(registry);
  }

  /**
   * Publishes the sla of each schedule that has one, dropping schedules that no longer do, and
   * starts each schedule's counters at zero: a counter that appears only with its first increment
   * hides that increment from {@code increase()}, and so from the alerts on it.
   */
  public void slas(Collection<Schedule> schedules) {
    sla.register(schedules.stream().filter(s -> s.sla() != null)
        .map(s -> MultiGauge.Row.of(tags(s.workspace(), s.name()), s.sla().toMillis() / 1000.0)).toList(), true);
    for (Schedule schedule : schedules) {
      lostCounter(schedule.workspace(), schedule.name());
      retriesCounter(schedule.workspace(), schedule.name());
      if (schedule.sla() != null) {
        slaMissesCounter(schedule.workspace(), schedule.name());
      }
    }
  }

  public void lost(String workspace, String schedule) {
    lostCounter(workspace, schedule).increment();
  }

  public void retried(String workspace, String schedule) {
    retriesCounter(workspace, schedule).increment();
  }

  public void slaMissed(String workspace, String schedule) {
    slaMissesCounter(workspace, schedule).increment();
  }

  private Counter lostCounter(String workspace, String schedule) {
    return counter("ferry.scheduler.runs.lost", "Running runs marked LOST because their worker stopped heartbeating",
        workspace, schedule);
  }

  private Counter retriesCounter(String workspace, String schedule) {
    return counter("ferry.scheduler.run.retries", "Runs requested again after FAILED, TIMED_OUT or LOST", workspace,
        schedule);
  }

  private Counter slaMissesCounter(String workspace, String schedule) {
    return counter("ferry.schedule.sla.misses", "Cron runs not SUCCEEDED by their tick plus the schedule's sla",
        workspace, schedule);
  }

  private Counter counter(String name, String description, String workspace, String schedule) {
    return Counter.builder(name).description(description).tags(tags(workspace, schedule)).register(registry);
  }

  private static Tags tags(String workspace, String schedule) {
    return Tags.of("workspace", workspace, "schedule", schedule);
  }
}
