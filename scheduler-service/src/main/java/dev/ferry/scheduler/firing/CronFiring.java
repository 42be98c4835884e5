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
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Fires each cron schedule at its ticks: at each tick it requests the tick's run and plans the
 * next tick after it. Ticks that passed while the service was down are not fired (catch-up is
 * the scheduler issue's work), and every replica fires every tick, so run one replica for now.
 * Owns one timer thread.
 */
@Component
public class CronFiring implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(CronFiring.class);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private final ScheduleCatalog catalog;
  private final TickRequests publisher;
  private final Clock clock;
  private ScheduledExecutorService timer;

  /** Requests the run of one cron tick, or throws when Kafka did not take it. */
  @FunctionalInterface
  interface TickRequests {
    void requestTick(Schedule schedule, Instant tick);
  }

  @Autowired
  CronFiring(ScheduleCatalog catalog, RunRequestPublisher publisher, Clock clock) {
    this(catalog, publisher::requestTick, clock);
  }

  CronFiring(ScheduleCatalog catalog, TickRequests publisher, Clock clock) {
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
    timer.schedule(() -> fire(schedule, tick, 0), delay, TimeUnit.MILLISECONDS);
    log.debug("Schedule {} next fires at {}", schedule.name(), tick);
  }

  /**
   * Requests the tick's run; when Kafka does not acknowledge it, tries the same tick again (its run
   * id is the same, so a retry can never make two runs) with growing pauses until the next tick is
   * due, and only then gives the tick up.
   */
  private void fire(Schedule schedule, Instant tick, int attempt) {
    try {
      publisher.requestTick(schedule, tick);
    } catch (RuntimeException e) {
      Duration pause = RETRY_PAUSE.multipliedBy(1L << Math.min(attempt, 6));
      Optional<Instant> next = schedule.cron().nextAfter(tick, schedule.timezone());
      if (next.isPresent() && clock.instant().plus(pause).isBefore(next.get())) {
        log.warn("Tick {} of schedule {} not fired yet ({}); trying again in {} s", tick, schedule.name(),
            e.getMessage(), pause.toSeconds());
        timer.schedule(() -> fire(schedule, tick, attempt + 1), pause.toMillis(), TimeUnit.MILLISECONDS);
        return;
      }
      log.error("Tick {} of schedule {} was not fired before its next tick: {}", tick, schedule.name(), e.getMessage());
    }
    planAfter(schedule, tick);
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
