package dev.ferry.scheduler.lifecycle;

import dev.ferry.scheduler.notify.NotificationEvent;
import dev.ferry.scheduler.runs.RunView;
import dev.ferry.schedules.Schedule;
import java.time.Instant;

/** One thing the owner of a schedule's partition does about a run, as {@link LifecyclePlanner} decided it. */
public sealed interface LifecycleAction {

  /** The run's worker went silent: end the run LOST. {@code lastSeen} is its last heartbeat or its start. */
  record MarkLost(RunView run, Instant lastSeen) implements LifecycleAction {}

  /** Request the run again under the same run id at {@code run.attempt() + 1}. */
  record Retry(RunView run, Schedule schedule) implements LifecycleAction {}

  /** Fire {@code downstream}, whose {@code trigger_on_completion} names the schedule of {@code upstream}. */
  record TriggerOnCompletion(Schedule downstream, RunView upstream, String runId) implements LifecycleAction {}

  /** Call the schedule's webhooks for {@code event}; {@code key} makes it once per run, attempt and event. */
  record Notify(NotificationEvent event, Schedule schedule, RunView run, Instant slaDeadline, String key)
      implements LifecycleAction {}
}
