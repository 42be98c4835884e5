package dev.ferry.scheduler.firing;

import dev.ferry.scheduler.schedule.Schedule;
import dev.ferry.scheduler.schedule.ScheduleCatalog;
import dev.ferry.scheduler.trigger.RunRequestPublisher;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Fires each cron schedule at its ticks: at each tick it requests the tick's run and plans the
 * next tick after it. Ticks that passed while the service was down are not fired (catch-up is
 * the scheduler issue's work). Owns one timer thread.
 */
@Component
public class CronFiring implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(CronFiring.class);

  private final ScheduleCatalog catalog;
  private final RunRequestPublisher publisher;
  private final Clock clock;
  private ScheduledExecutorService timer;

  CronFiring(ScheduleCatalog catalog, RunRequestPublisher publisher, Clock clock) {
    this.catalog = catalog;
    this.publisher = publisher;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("cron-firing").daemon().factory());
    Instant now = clock.instant();
    catalog.all().stream().filter(s -> !s.isManual()).forEach(s -> planAfter(s, now));
  }

  private void planAfter(Schedule schedule, Instant after) {
    Optional<Instant> next = schedule.cron().nextAfter(after, schedule.timezone());
    if (next.isEmpty()) {
      log.info("Schedule {} has no tick after {}", schedule.name(), after);
      return;
    }
    Instant tick = next.get();
    long delay = Math.max(0, Duration.between(clock.instant(), tick).toMillis());
    timer.schedule(() -> fire(schedule, tick), delay, TimeUnit.MILLISECONDS);
    log.debug("Schedule {} next fires at {}", schedule.name(), tick);
  }

  private void fire(Schedule schedule, Instant tick) {
    try {
      publisher.requestTick(schedule, tick);
    } catch (RuntimeException e) {
      log.error("Tick {} of schedule {} was not fired: {}", tick, schedule.name(), e.getMessage());
    } finally {
      planAfter(schedule, tick);
    }
  }

  /** The next tick of a schedule after now, for the API. */
  public Optional<Instant> nextTick(Schedule schedule) {
    return schedule.isManual() ? Optional.empty() : schedule.cron().nextAfter(clock.instant(), schedule.timezone());
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
