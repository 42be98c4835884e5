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

  /** Publishes the sla of each schedule that has one, dropping schedules that no longer do. */
  public void slas(Collection<Schedule> schedules) {
    sla.register(schedules.stream().filter(s -> s.sla() != null)
        .map(s -> MultiGauge.Row.of(tags(s.workspace(), s.name()), s.sla().toMillis() / 1000.0)).toList(), true);
  }

  public void lost(String workspace, String schedule) {
    counter("ferry.scheduler.runs.lost", "Running runs marked LOST because their worker stopped heartbeating",
        workspace, schedule).increment();
  }

  public void retried(String workspace, String schedule) {
    counter("ferry.scheduler.run.retries", "Runs requested again after FAILED, TIMED_OUT or LOST", workspace, schedule)
        .increment();
  }

  public void slaMissed(String workspace, String schedule) {
    counter("ferry.schedule.sla.misses", "Cron runs not SUCCEEDED by their tick plus the schedule's sla", workspace,
        schedule).increment();
  }

  private Counter counter(String name, String description, String workspace, String schedule) {
    return Counter.builder(name).description(description).tags(tags(workspace, schedule)).register(registry);
  }

  private static Tags tags(String workspace, String schedule) {
    return Tags.of("workspace", workspace, "schedule", schedule);
  }
}
