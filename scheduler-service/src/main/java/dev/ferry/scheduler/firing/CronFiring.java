package dev.ferry.scheduler.firing;

import dev.ferry.scheduler.schedule.ScheduleCatalog;
import dev.ferry.scheduler.schedule.ScheduleSource;
import dev.ferry.scheduler.trigger.RunRequestPublisher;
import dev.ferry.schedules.Schedule;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Fires each cron schedule at its ticks: at each tick it requests the tick's run and plans the
 * next tick after it. When the schedules are reloaded, new ones are planned, removed ones are
 * cancelled, and changed ones are planned again with their new definition from their next tick.
 * Ticks that passed while the service was down are not fired (catch-up is a later slice), and
 * every replica fires every tick, so run one replica for now. Owns one timer thread, which alone
 * touches the plan.
 */
@Component
public class CronFiring implements SmartLifecycle {

  private static final Logger log = LoggerFactory.getLogger(CronFiring.class);
  private static final Duration RETRY_PAUSE = Duration.ofSeconds(1);

  private final ScheduleSource schedules;
  private final TickRequests publisher;
  private final Clock clock;
  /** The next step of each cron schedule, by name: its definition, the tick, and the timer task. Timer thread only. */
  private final Map<String, Planned> plan = new HashMap<>();
  private ScheduledExecutorService timer;
  private boolean listening;

  /** Requests the run of one cron tick, or throws when Kafka did not take it. */
  @FunctionalInterface
  interface TickRequests {
    void requestTick(Schedule schedule, Instant tick);
  }

  private record Planned(Schedule schedule, Instant tick, ScheduledFuture<?> task) {}

  @Autowired
  CronFiring(ScheduleSource schedules, RunRequestPublisher publisher, Clock clock) {
    this(schedules, publisher::requestTick, clock);
  }

  CronFiring(ScheduleSource schedules, TickRequests publisher, Clock clock) {
    this.schedules = schedules;
    this.publisher = publisher;
    this.clock = clock;
  }

  @Override
  public synchronized void start() {
    timer = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("cron-firing").daemon().factory());
    ScheduleCatalog catalog = schedules.current();
    Instant now = clock.instant();
    timer.execute(() -> {
      plan.clear(); // left from before a stop
      apply(catalog, now);
    });
    if (!listening) {
      schedules.onChange(this::changed);
      listening = true;
    }
  }

  private synchronized void changed(ScheduleCatalog catalog) {
    if (timer != null) {
      timer.execute(() -> apply(catalog, clock.instant()));
    }
  }

  /** Brings the plan in line with {@code catalog}: keeps what is unchanged, cancels what went, plans what is new. */
  private void apply(ScheduleCatalog catalog, Instant now) {
    Map<String, Schedule> wanted = new LinkedHashMap<>();
    catalog.all().stream().filter(s -> !s.isManual()).forEach(s -> wanted.put(s.name(), s));
    Map<String, Instant> replanFrom = new HashMap<>();
    plan.values().removeIf(planned -> {
      if (planned.schedule().equals(wanted.get(planned.schedule().name()))) {
        return false;
      }
      planned.task().cancel(false);
      // A tick that is due but not yet fired is not lost: the new definition is asked from just before it.
      replanFrom.put(planned.schedule().name(), planned.tick().isAfter(now) ? now : planned.tick().minusMillis(1));
      return true;
    });
    wanted.values().stream().filter(s -> !plan.containsKey(s.name()))
        .forEach(s -> planAfter(s, replanFrom.getOrDefault(s.name(), now)));
  }

  private void planAfter(Schedule schedule, Instant after) {
    Optional<Instant> next = schedule.cron().nextAfter(after, schedule.timezone());
    if (next.isEmpty()) {
      log.info("Schedule {} has no tick after {}", schedule.name(), after);
      plan.remove(schedule.name());
      return;
    }
    Instant tick = next.get();
    long delay = Math.max(0, Duration.between(clock.instant(), tick).toMillis());
    plan.put(schedule.name(), new Planned(schedule, tick,
        timer.schedule(() -> fire(schedule, tick, 0), delay, TimeUnit.MILLISECONDS)));
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
        plan.put(schedule.name(), new Planned(schedule, tick,
            timer.schedule(() -> fire(schedule, tick, attempt + 1), pause.toMillis(), TimeUnit.MILLISECONDS)));
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

  /** The planned tick of each cron schedule, read on the timer thread; for tests. */
  Map<String, Instant> plannedTicks() throws InterruptedException, ExecutionException {
    ScheduledExecutorService running;
    synchronized (this) {
      running = timer;
    }
    return running.submit(() -> {
      Map<String, Instant> ticks = new HashMap<>();
      plan.forEach((name, planned) -> ticks.put(name, planned.tick()));
      return ticks;
    }).get();
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
