package dev.ferry.scheduler.schedule;

import dev.ferry.scheduler.SchedulerProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Re-reads the schedules every {@code ferry.scheduler.reload-interval} and counts what each
 * reload did: {@code ferry_schedules_reload_total{result}}, with the gauges
 * {@code ferry_schedules_loaded} and {@code ferry_schedules_reload_errors}. Owns one timer thread.
 */
final class ScheduleReloading implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(ScheduleReloading.class);

  private final LiveSchedules schedules;
  private final SchedulerProperties properties;
  private final Map<LiveSchedules.Outcome, Counter> reloads = new EnumMap<>(LiveSchedules.Outcome.class);
  private ScheduledExecutorService timer;

  ScheduleReloading(LiveSchedules schedules, SchedulerProperties properties, MeterRegistry meters) {
    this.schedules = schedules;
    this.properties = properties;
    for (LiveSchedules.Outcome outcome : LiveSchedules.Outcome.values()) {
      reloads.put(outcome, Counter.builder("ferry.schedules.reload")
          .description("Reloads of the schedules files, by what they did")
          .tag("result", outcome.name().toLowerCase(Locale.ROOT)).register(meters));
    }
    Gauge.builder("ferry.schedules.loaded", schedules, s -> s.current().all().size())
        .description("Schedules in force").register(meters);
    Gauge.builder("ferry.schedules.reload.errors", schedules, s -> s.status().problems().size())
        .description("Problems of the schedules files as they are now; the set in force is older while above 0")
        .register(meters);
  }

  @Override
  public synchronized void start() {
    if (properties.reloadInterval().isZero()) {
      log.info("Schedules are read once: ferry.scheduler.reload-interval is 0");
      return;
    }
    timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("schedules-reload").daemon().factory());
    long every = properties.reloadInterval().toMillis();
    timer.scheduleWithFixedDelay(this::reload, every, every, TimeUnit.MILLISECONDS);
  }

  private void reload() {
    try {
      reloads.get(schedules.reload()).increment();
    } catch (RuntimeException e) {
      // An unreadable folder, say: the set in force stays, and the next interval tries again.
      reloads.get(LiveSchedules.Outcome.FAILED).increment();
      log.warn("Could not reload the schedules ({}); keeping the set in force and trying again in {}",
          e.getMessage(), properties.reloadInterval());
    }
  }

  @Override
  public synchronized void stop() {
    if (timer != null) {
      timer.shutdownNow();
      timer = null;
    }
  }

  @Override
  public synchronized boolean isRunning() {
    return timer != null;
  }
}
