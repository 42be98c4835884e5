package dev.ferry.scheduler.trigger;

import dev.ferry.events.ScheduleKey;
import dev.ferry.events.Trigger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntSupplier;
import java.util.function.Supplier;

/**
 * The scheduler's firing metrics: {@code ferry_schedule_fires_total{schedule,trigger}},
 * {@code ferry_schedule_fire_delay_seconds} (emit time minus nominal tick, with percentile
 * histogram buckets), {@code ferry_schedule_skipped_total{reason}},
 * {@code ferry_schedule_fenced_total}, {@code ferry_schedules_owned}, {@code ferry_schedules_cron}
 * and {@code ferry_schedule_fire_overdue_seconds{workspace,schedule}}.
 */
public final class ScheduleMetrics {

  private final MeterRegistry registry;
  private final Timer fireDelay;
  private final Counter fenced;
  private final MultiGauge fireOverdue;
  /** Next undecided tick of each schedule this replica owns, from the firing thread; read at scrape. */
  private volatile Map<ScheduleKey, Instant> nextTicks = Map.of();
  private volatile Supplier<Instant> now = Instant::now;

  public ScheduleMetrics(MeterRegistry registry) {
    this.registry = registry;
    this.fireDelay = Timer.builder("ferry.schedule.fire.delay")
        .description("Time from a cron tick's nominal instant to the commit of its RunRequested")
        .publishPercentileHistogram()
        .minimumExpectedValue(Duration.ofMillis(1))
        .maximumExpectedValue(Duration.ofHours(1))
        .register(registry);
    this.fenced = Counter.builder("ferry.schedule.fenced")
        .description("Tick transactions aborted because another replica took the schedules' partition over")
        .register(registry);
    this.fireOverdue = MultiGauge.builder("ferry.schedule.fire.overdue").baseUnit("seconds")
        .description("How far now is past the schedule's earliest due tick not fired yet; 0 when on time."
            + " Published by the replica that owns the schedule")
        .register(registry);
    for (TickRecord.SkipReason reason : java.util.List.of(TickRecord.SkipReason.CONCURRENCY, TickRecord.SkipReason.CATCH_UP,
        TickRecord.SkipReason.SUSPENDED)) {
      skippedCounter(reason); // present at 0, so that alerts and dashboards see the series before the first skip
    }
  }

  /** Publishes the number of cron schedules this replica owns, read from {@code owned} at each scrape. */
  public void owned(IntSupplier owned) {
    Gauge.builder("ferry.schedules.owned", owned::getAsInt)
        .description("Cron schedules whose ticks this replica owns (its partitions of the ticks topic)")
        .register(registry);
  }

  /** Publishes the number of cron schedules of the workspace, which the replicas' {@code owned} add up to when every one has an owner. */
  public void cron(IntSupplier cron) {
    Gauge.builder("ferry.schedules.cron", cron::getAsInt)
        .description("Cron schedules of the workspace in the schedules file; the sum of ferry_schedules_owned over replicas when each has an owner")
        .register(registry);
  }

  /**
   * Publishes {@code ferry_schedule_fire_overdue_seconds} for the schedules this replica owns, each
   * {@code now} minus its next undecided tick when that tick has passed. Read at scrape time, so
   * that it keeps growing when the firing loop is stuck. Schedules no longer owned disappear.
   */
  public void nextTicks(Map<ScheduleKey, Instant> next, Supplier<Instant> clock) {
    now = clock;
    Map<ScheduleKey, Instant> previous = nextTicks;
    nextTicks = Map.copyOf(next);
    if (!previous.keySet().equals(next.keySet())) {
      fireOverdue.register(next.keySet().stream().map(key -> MultiGauge.Row.of(
          Tags.of("workspace", key.workspace(), "schedule", key.schedule()), () -> overdueSeconds(key))).toList(), false);
    }
  }

  private double overdueSeconds(ScheduleKey key) {
    Instant due = nextTicks.get(key);
    Instant at = now.get();
    return due == null || !due.isBefore(at) ? 0 : Duration.between(due, at).toMillis() / 1000.0;
  }

  public void fired(String schedule, Trigger trigger) {
    Counter.builder("ferry.schedule.fires")
        .description("Runs requested, by schedule and trigger")
        .tag("schedule", schedule)
        .tag("trigger", trigger.name().toLowerCase(Locale.ROOT))
        .register(registry)
        .increment();
  }

  public void fireDelay(Duration delay) {
    fireDelay.record(delay.isNegative() ? Duration.ZERO : delay);
  }

  public void skipped(TickRecord.SkipReason reason, long ticks) {
    skippedCounter(reason).increment(ticks);
  }

  public void fenced() {
    fenced.increment();
  }

  private Counter skippedCounter(TickRecord.SkipReason reason) {
    return Counter.builder("ferry.schedule.skipped")
        .description("Cron ticks that requested no run, by reason")
        .tag("reason", reason.label())
        .register(registry);
  }
}
