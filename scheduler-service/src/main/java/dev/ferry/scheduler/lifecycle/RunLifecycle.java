package dev.ferry.scheduler.lifecycle;

import dev.ferry.events.RunCancelRequested;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStatus;
import dev.ferry.events.ScheduleKey;
import dev.ferry.events.Topic;
import dev.ferry.events.Topics;
import dev.ferry.events.Trigger;
import dev.ferry.scheduler.control.CancelRequests;
import dev.ferry.scheduler.firing.PartitionLifecycle;
import dev.ferry.scheduler.notify.Notification;
import dev.ferry.scheduler.notify.NotificationEvent;
import dev.ferry.scheduler.notify.WebhookNotifier;
import dev.ferry.scheduler.runs.RunHistory;
import dev.ferry.scheduler.runs.RunView;
import dev.ferry.scheduler.schedule.ScheduleCatalog;
import dev.ferry.scheduler.schedule.ScheduleSource;
import dev.ferry.scheduler.trigger.RunRequest;
import dev.ferry.scheduler.trigger.RunRequests;
import dev.ferry.scheduler.trigger.ScheduleMetrics;
import dev.ferry.scheduler.wire.EventMapper;
import dev.ferry.schedules.Schedule;
import dev.ferry.schedules.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Carries out {@link LifecyclePlanner}'s decisions for the partitions this replica owns: LOST
 * completions, retries and on-completion runs go out in the partition's transaction and into the
 * run history once committed; notifications go to the {@link WebhookNotifier}. Called on the firing
 * thread only, which alone touches its per-partition state.
 */
public final class RunLifecycle implements PartitionLifecycle {

  private static final Logger log = LoggerFactory.getLogger(RunLifecycle.class);
  /** Runs that ended longer ago are neither retried nor trigger a schedule (a restart replays 30 days of completions). */
  static final Duration HORIZON = Duration.ofDays(1);
  /** A new owner notifies endings and SLA misses from this long before it took over; older ones its predecessor did. */
  static final Duration TAKEOVER_OVERLAP = Duration.ofMinutes(1);
  /** Least real time between two looks at a partition's runs; also how long one snapshot of the history serves. */
  private static final Duration PLAN_INTERVAL = Duration.ofSeconds(1);

  /**
   * What the lifecycle is set to.
   *
   * @param lostAfter how long a running run may go without a heartbeat
   * @param linkBase prefix of the payload's links: the scheduler's public address, or empty for relative links
   */
  public record Settings(String workspace, Duration lostAfter, String linkBase) {}

  /** An owned partition: where it stands since the takeover. */
  private static final class Owner {
    final Instant notifySince;
    /** The committed end of the run topics at the takeover; null until it could be read. */
    Map<TopicPartition, Long> mark;
    boolean caughtUp;
    long nextPlanNanos = System.nanoTime();

    Owner(Instant notifySince) {
      this.notifySince = notifySince;
    }
  }

  private final Settings settings;
  private final RunHistory history;
  private final RunRequests requests;
  private final CancelRequests cancels;
  private final Topics topics;
  private final RunTopicsBarrier barrier;
  private final WebhookNotifier notifier;
  private final LifecycleMetrics metrics;
  private final ScheduleMetrics fires;
  private final Map<Integer, Owner> owners = new HashMap<>();
  /** Notifications sent by this replica, by key, with when; pruned past twice the horizon. */
  private final Map<String, Instant> notified = new HashMap<>();
  /** Partition of each schedule name at {@link #partitionCount}. */
  private final Map<String, Integer> partitions = new HashMap<>();
  private int partitionCount;
  /** The workspace's runs that may still need something, shared by the partitions planned within one interval. */
  private Map<String, List<RunView>> snapshot = Map.of();
  private long snapshotUntilNanos = System.nanoTime();
  private volatile ScheduleCatalog catalog;

  public RunLifecycle(Settings settings, RunHistory history, RunRequests requests, CancelRequests cancels,
      Topics topics, RunTopicsBarrier barrier, ScheduleSource schedules, WebhookNotifier notifier,
      LifecycleMetrics metrics, ScheduleMetrics fires) {
    this.settings = settings;
    this.cancels = cancels;
    this.history = history;
    this.requests = requests;
    this.topics = topics;
    this.barrier = barrier;
    this.notifier = notifier;
    this.metrics = metrics;
    this.fires = fires;
    useSchedules(schedules.current());
    schedules.onChange(this::useSchedules);
  }

  private void useSchedules(ScheduleCatalog schedules) {
    catalog = schedules;
    metrics.slas(schedules.inWorkspace(settings.workspace()));
  }

  @Override
  public void tookOver(int partition, Instant now) {
    owners.put(partition, new Owner(now.minus(TAKEOVER_OVERLAP)));
  }

  @Override
  public Batch due(int partition, int partitionCount, Instant now) {
    Owner owner = owners.get(partition);
    if (owner == null || System.nanoTime() - owner.nextPlanNanos < 0) {
      return Batch.EMPTY;
    }
    owner.nextPlanNanos = System.nanoTime() + PLAN_INTERVAL.toNanos();
    if (!caughtUp(owner, partition)) {
      return Batch.EMPTY;
    }
    Map<String, Schedule> schedules = new LinkedHashMap<>();
    catalog.inWorkspace(settings.workspace()).forEach(s -> schedules.put(s.name(), s));
    if (partitionCount != this.partitionCount) {
      partitions.clear();
      this.partitionCount = partitionCount;
    }
    Predicate<String> owns = name -> partitions.computeIfAbsent(name, n -> Topic.partitionOf(key(n), partitionCount))
        == partition;
    notified.values().removeIf(at -> at.isBefore(now.minus(HORIZON.multipliedBy(2))));
    List<LifecycleAction> actions = LifecyclePlanner.plan(snapshot(now),
        new LifecyclePlanner.Inputs(owns, schedules, now, settings.lostAfter(), now.minus(HORIZON), owner.notifySince,
            id -> history.find(id).isPresent(), notified::containsKey));
    List<ProducerRecord<String, SpecificRecord>> records = new ArrayList<>();
    List<Runnable> committed = new ArrayList<>();
    for (LifecycleAction action : actions) {
      switch (action) {
        case LifecycleAction.MarkLost lost -> markLost(lost, now, records, committed);
        case LifecycleAction.Retry retry -> retry(retry, now, records, committed);
        case LifecycleAction.TriggerOnCompletion trigger -> fire(trigger, now, records, committed);
        case LifecycleAction.Notify notify -> notify(notify, now);
      }
    }
    return records.isEmpty() ? Batch.EMPTY : new Batch(records, () -> committed.forEach(Runnable::run));
  }

  /** Whether the history holds everything committed before the takeover; reads the mark first if it could not yet. */
  private boolean caughtUp(Owner owner, int partition) {
    if (owner.caughtUp) {
      return true;
    }
    if (owner.mark == null) {
      try {
        owner.mark = barrier.mark();
      } catch (RuntimeException e) {
        log.warn("Cannot read the end of the run topics for partition {} yet ({}); its runs wait", partition,
            e.toString());
        return false;
      }
    }
    owner.caughtUp = barrier.passed(owner.mark);
    return owner.caughtUp;
  }

  /** Runs not ended, or ended within the horizon; older ones need nothing any more. */
  private Map<String, List<RunView>> snapshot(Instant now) {
    if (System.nanoTime() - snapshotUntilNanos >= 0) {
      Instant horizon = now.minus(HORIZON);
      snapshot = LifecyclePlanner.bySchedule(history.inWorkspace(settings.workspace()).stream()
          .filter(r -> !r.phase().isTerminal() || r.finishedAt() == null || r.finishedAt().isAfter(horizon)).toList());
      snapshotUntilNanos = System.nanoTime() + PLAN_INTERVAL.toNanos() / 2;
    }
    return snapshot;
  }

  private void markLost(LifecycleAction.MarkLost lost, Instant now, List<ProducerRecord<String, SpecificRecord>> records,
      List<Runnable> committed) {
    RunView run = lost.run();
    String silence = "no heartbeat from worker " + (run.worker() == null ? "(unknown)" : run.worker()) + " for "
        + Duration.between(lost.lastSeen(), now).toSeconds() + " s (last seen " + lost.lastSeen()
        + ", lost after " + settings.lostAfter().toSeconds() + " s)";
    // Someone asked to cancel it and no runner is left to say so: it ends as they asked, not retried.
    Optional<String> cancelledBy = cancels.requestedBy(run.runId());
    RunStatus status = cancelledBy.isPresent() ? RunStatus.CANCELLED : RunStatus.LOST;
    String message = cancelledBy.map(by -> "cancelled by " + by + "; " + silence).orElse(silence);
    RunCompleted completion = RunCompleted.newBuilder().setRunId(run.runId()).setWorkspace(run.workspace())
        .setSchedule(run.schedule()).setTrigger(run.trigger() == null ? Trigger.API : run.trigger())
        .setAttempt(run.attempt()).setStatus(status).setStartedAt(run.startedAt()).setFinishedAt(now)
        .setGitSha(run.gitSha()).setMessage(message).setWorker(run.worker()).build();
    records.add(new ProducerRecord<>(topics.runCompleted().name(), key(run.schedule()), completion));
    // A runner that is only cut off, or one that is handed this attempt's request again, must not
    // run it beside the retry: the cancel stops this attempt and earlier ones, never a later one.
    RunCancelRequested stop = RunCancelRequested.newBuilder().setRunId(run.runId()).setWorkspace(run.workspace())
        .setSchedule(run.schedule()).setRequestedAt(now).setRequestedBy("scheduler (attempt " + run.attempt() + " lost)")
        .setAttempt(run.attempt()).build();
    records.add(new ProducerRecord<>(topics.runControl().name(), run.runId(), stop));
    committed.add(() -> {
      history.apply(EventMapper.completed(completion));
      metrics.lost(run.workspace(), run.schedule());
      log.warn("Run {} of {} (attempt {}) is {}: {}", run.runId(), key(run.schedule()), run.attempt(), status,
          message);
    });
  }

  /** The same request again, as first written, at the next attempt; rebuilt from the schedule only if it is gone. */
  private void retry(LifecycleAction.Retry retry, Instant now, List<ProducerRecord<String, SpecificRecord>> records,
      List<Runnable> committed) {
    RunView run = retry.run();
    int attempt = run.attempt() + 1;
    String by = "scheduler (retry " + run.attempt() + " of " + retry.schedule().retries().count() + " after "
        + run.phase() + ")";
    RunRequested request = requests.event(run.runId())
        .map(original -> RunRequested.newBuilder(original).setAttempt(attempt).setRequestedAt(now).setRequestedBy(by)
            .build())
        .orElseGet(() -> EventMapper.toEvent(new RunRequest(run.runId(), retry.schedule(),
            run.trigger() == null ? Trigger.API : run.trigger(), now, run.scheduledTick(), by, attempt)));
    records.add(new ProducerRecord<>(topics.runRequested().name(), key(run.schedule()), request));
    committed.add(() -> {
      requested(request);
      metrics.retried(run.workspace(), run.schedule());
      log.info("Run {} of {} ended {} on attempt {}; requested attempt {}", run.runId(), key(run.schedule()),
          run.phase(), run.attempt(), attempt);
    });
  }

  private void fire(LifecycleAction.TriggerOnCompletion trigger, Instant now,
      List<ProducerRecord<String, SpecificRecord>> records, List<Runnable> committed) {
    RunView upstream = trigger.upstream();
    Schedule downstream = trigger.downstream();
    RunRequested request = EventMapper.toEvent(new RunRequest(trigger.runId(), downstream, Trigger.ON_COMPLETION, now,
        null, "on completion of " + upstream.schedule() + " run " + upstream.runId() + " (" + upstream.phase() + ")", 1));
    records.add(new ProducerRecord<>(topics.runRequested().name(), key(downstream.name()), request));
    committed.add(() -> {
      requested(request);
      fires.fired(downstream.name(), Trigger.ON_COMPLETION);
      log.info("Run {} of {} requested on completion of run {} of {} ({})", trigger.runId(), key(downstream.name()),
          upstream.runId(), upstream.schedule(), upstream.phase());
    });
  }

  private void requested(RunRequested request) {
    requests.apply(request, EventMapper.request(request, java.util.List.of()));
    history.apply(EventMapper.requested(request));
  }

  private void notify(LifecycleAction.Notify notify, Instant now) {
    notified.put(notify.key(), now);
    RunView run = notify.run();
    Schedule schedule = notify.schedule();
    if (notify.event() == NotificationEvent.SLA_MISS) {
      metrics.slaMissed(run.workspace(), run.schedule());
      log.warn("Run {} of {} missed its SLA: not SUCCEEDED by {} (tick {} + sla {}); it is {}", run.runId(),
          key(run.schedule()), notify.slaDeadline(), run.scheduledTick(), schedule.sla(), run.phase());
    }
    List<Webhook> webhooks = switch (notify.event()) {
      case FAILURE -> schedule.notifications().failure();
      case SUCCESS -> schedule.notifications().success();
      case SLA_MISS -> schedule.notifications().slaMiss();
    };
    if (!webhooks.isEmpty()) {
      notifier.send(payload(notify, run), webhooks);
    }
  }

  private Notification payload(LifecycleAction.Notify notify, RunView run) {
    String message = notify.event() == NotificationEvent.SLA_MISS
        ? "not SUCCEEDED by " + notify.slaDeadline() + " (tick + sla " + notify.schedule().sla() + "); the run is "
            + run.phase()
        : run.message();
    return new Notification(notify.event().label(), run.workspace(), run.schedule(), run.runId(), run.attempt(),
        run.phase().name(), run.trigger() == null ? null : run.trigger().name().toLowerCase(Locale.ROOT),
        run.scheduledTick(), run.requestedAt(), run.startedAt(), run.finishedAt(), notify.slaDeadline(), message,
        Map.of("run", settings.linkBase() + "/api/v1/runs/" + run.runId()));
  }

  private String key(String schedule) {
    return new ScheduleKey(settings.workspace(), schedule).toString();
  }
}
