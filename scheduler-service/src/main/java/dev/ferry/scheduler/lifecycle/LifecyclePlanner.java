package dev.ferry.scheduler.lifecycle;

import dev.ferry.events.RunPhase;
import dev.ferry.events.Trigger;
import dev.ferry.scheduler.notify.NotificationEvent;
import dev.ferry.scheduler.runs.RunView;
import dev.ferry.schedules.CompletionStatus;
import dev.ferry.schedules.Schedule;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Decides, from the run history alone, what the owner of some schedules does about their runs now:
 * mark silent runs LOST, retry failed ones, fire the schedules that wait on a completion, notify.
 * Pure: the same history gives the same actions, which is what lets a new owner take over after a
 * rebalance or restart without losing or doubling a pending retry or trigger.
 */
public final class LifecyclePlanner {

  /**
   * What the planner looks at.
   *
   * @param owns whether this owner decides for the schedule of that name
   * @param schedules the workspace's schedules by name
   * @param lostAfter how long a running run may go without a heartbeat
   * @param horizon runs that ended before it are history: they are neither retried nor trigger anything
   * @param notifySince endings and SLA deadlines before it were notified by an earlier owner
   * @param exists whether a run id is known, so that an on-completion run is fired once
   * @param notified whether a notification key was sent already by this owner
   */
  public record Inputs(Predicate<String> owns, Map<String, Schedule> schedules, Instant now, Duration lostAfter,
      Instant horizon, Instant notifySince, Predicate<String> exists, Predicate<String> notified) {}

  private LifecyclePlanner() {}

  public static List<LifecycleAction> plan(List<RunView> runs, Inputs in) {
    return plan(bySchedule(runs), in);
  }

  /** Groups runs by schedule name, as {@link #plan(Map, Inputs)} takes them: once, for every partition's look. */
  public static Map<String, List<RunView>> bySchedule(Collection<RunView> runs) {
    Map<String, List<RunView>> grouped = new HashMap<>();
    runs.forEach(run -> grouped.computeIfAbsent(run.schedule(), s -> new ArrayList<>()).add(run));
    return grouped;
  }

  /**
   * What to do about the runs of the owned schedules, and which owned schedules an ended run
   * triggers. Looks only at the runs of owned schedules and of their upstreams: a replica owning one
   * of six partitions walks about a sixth of the runs, not all of them.
   */
  public static List<LifecycleAction> plan(Map<String, List<RunView>> runsBySchedule, Inputs in) {
    List<LifecycleAction> actions = new ArrayList<>();
    Map<String, List<Schedule>> waiting = new HashMap<>();
    in.schedules().values().stream().filter(s -> s.triggerOnCompletion() != null && in.owns().test(s.name()))
        .forEach(s -> waiting.computeIfAbsent(s.triggerOnCompletion().schedule(), u -> new ArrayList<>()).add(s));
    for (Map.Entry<String, List<RunView>> schedule : runsBySchedule.entrySet()) {
      boolean owned = in.owns().test(schedule.getKey());
      List<Schedule> downstream = waiting.getOrDefault(schedule.getKey(), List.of());
      if (!owned && downstream.isEmpty()) {
        continue;
      }
      for (RunView run : schedule.getValue()) {
        if (owned) {
          own(run, in, actions);
        }
        triggers(run, downstream, in, actions);
      }
    }
    return actions;
  }

  private static void own(RunView run, Inputs in, List<LifecycleAction> actions) {
    Schedule schedule = in.schedules().get(run.schedule());
    if (run.phase() == RunPhase.RUNNING) {
      Instant lastSeen = latest(run.startedAt(), run.lastHeartbeatAt());
      if (lastSeen != null && !lastSeen.plus(in.lostAfter()).isAfter(in.now())) {
        actions.add(new LifecycleAction.MarkLost(run, lastSeen));
      }
    }
    if (schedule == null) {
      return;
    }
    slaMiss(run, schedule, in, actions);
    if (!run.phase().isTerminal() || run.finishedAt() == null || run.finishedAt().isBefore(in.horizon())) {
      return;
    }
    if (RunOutcomes.awaitsOwedOutcome(run)) {
      return; // neither retried nor notified: its runner publishes the real outcome once the store is back
    }
    if (RunOutcomes.willRetry(run, schedule)) {
      if (!RunOutcomes.retryDueAt(run, schedule).isAfter(in.now())) {
        actions.add(new LifecycleAction.Retry(run, schedule));
      }
      return;
    }
    if (run.trigger() == Trigger.CI) {
      return; // a pull request's run reports to the pull request, not to the schedule's webhooks
    }
    NotificationEvent event = run.phase() == RunPhase.SUCCEEDED ? NotificationEvent.SUCCESS
        : RunOutcomes.isFailure(run.phase()) ? NotificationEvent.FAILURE : null;
    if (event == null || run.finishedAt().isBefore(in.notifySince())) {
      return;
    }
    String key = run.runId() + "/" + run.attempt() + "/" + event.label();
    if (!in.notified().test(key)) {
      actions.add(new LifecycleAction.Notify(event, schedule, run, null, key));
    }
  }

  /** A cron run not SUCCEEDED by its tick plus the schedule's {@code sla}: once per tick, at the deadline. */
  private static void slaMiss(RunView run, Schedule schedule, Inputs in, List<LifecycleAction> actions) {
    if (schedule.sla() == null || run.scheduledTick() == null) {
      return;
    }
    Instant deadline = run.scheduledTick().plus(schedule.sla());
    boolean met = run.phase() == RunPhase.SUCCEEDED && run.finishedAt() != null && !run.finishedAt().isAfter(deadline);
    if (met || deadline.isAfter(in.now()) || deadline.isBefore(in.notifySince())) {
      return;
    }
    String key = run.runId() + "/" + NotificationEvent.SLA_MISS.label();
    if (!in.notified().test(key)) {
      actions.add(new LifecycleAction.Notify(NotificationEvent.SLA_MISS, schedule, run, deadline, key));
    }
  }

  /** Fires each owned schedule whose {@code trigger_on_completion} names this run's schedule and status. */
  private static void triggers(RunView upstream, List<Schedule> waiting, Inputs in, List<LifecycleAction> actions) {
    if (waiting.isEmpty() || upstream.finishedAt() == null || upstream.finishedAt().isBefore(in.horizon()) || upstream.trigger() == Trigger.CI
        || !RunOutcomes.isFinal(upstream, in.schedules().get(upstream.schedule()))) {
      return;
    }
    CompletionStatus status = CompletionStatus.valueOf(upstream.phase().name());
    for (Schedule downstream : waiting) {
      if (downstream.triggerOnCompletion().statuses().contains(status)) {
        String runId = CompletionRunIds.forCompletion(downstream.workspace(), downstream.name(), upstream.runId());
        if (!in.exists().test(runId)) {
          actions.add(new LifecycleAction.TriggerOnCompletion(downstream, upstream, runId));
        }
      }
    }
  }

  private static Instant latest(Instant a, Instant b) {
    return a == null ? b : b == null || a.isAfter(b) ? a : b;
  }
}
