package dev.ferry.scheduler.trigger;

import dev.ferry.events.Trigger;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.function.IntSupplier;

/**
 * The scheduler's firing metrics: {@code ferry_schedule_fires_total{schedule,trigger}},
 * {@code ferry_schedule_fire_delay_seconds} (emit time minus nominal tick, with percentile
 * histogram buckets), {@code ferry_schedule_skipped_total{reason}},
 * {@code ferry_schedule_fenced_total} and {@code ferry_schedules_owned}.
 */
public final class ScheduleMetrics {

  private final MeterRegistry registry;
  private final Timer fireDelay;
  private final Counter fenced;

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
