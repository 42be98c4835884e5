package dev.ferry.scheduler.merge;

import dev.ferry.events.Trigger;
import dev.ferry.scheduler.runs.RunHistory;
import dev.ferry.scheduler.schedule.ScheduleSource;
import dev.ferry.scheduler.suspend.Suspensions;
import dev.ferry.scheduler.trigger.RunOverrides;
import dev.ferry.scheduler.trigger.RunRequestPublisher;
import dev.ferry.scheduler.trigger.TickRunIds;
import dev.ferry.schedules.Schedule;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fires the schedules of a workspace whose {@code on_merge} is the branch a commit landed on, each
 * pinned to that commit, once per (schedule, commit): the run id is name-based from workspace,
 * schedule and commit, so a redelivered webhook, or GitHub's push and pull_request events for one
 * merge, find the run already requested. A suspended schedule fires nothing.
 */
public final class MergeTriggers {

  private static final Logger log = LoggerFactory.getLogger(MergeTriggers.class);

  private final ScheduleSource schedules;
  private final RunRequestPublisher publisher;
  private final RunHistory history;
  private final Suspensions suspensions;
  private final Clock clock;

  public MergeTriggers(ScheduleSource schedules, RunRequestPublisher publisher, RunHistory history,
      Suspensions suspensions, Clock clock) {
    this.schedules = schedules;
    this.publisher = publisher;
    this.history = history;
    this.suspensions = suspensions;
    this.clock = clock;
  }

  public WebhookOutcome fire(String workspace, MergeEvent merge) {
    List<WebhookOutcome.FiredRun> runs = new ArrayList<>();
    for (Schedule schedule : schedules.current().inWorkspace(workspace)) {
      if (merge.branch().equals(schedule.onMerge())) {
        runs.add(fire(schedule, merge));
      }
    }
    if (runs.isEmpty()) {
      log.info("{} on {}/{} fires no schedule (none has on_merge: {})", merge.description(), workspace, merge.branch(),
          merge.branch());
      return new WebhookOutcome("ignored", "no schedule of workspace '" + workspace + "' has on_merge: " + merge.branch(),
          merge.branch(), merge.commit(), List.of());
    }
    return new WebhookOutcome("accepted", null, merge.branch(), merge.commit(), List.copyOf(runs));
  }

  private WebhookOutcome.FiredRun fire(Schedule schedule, MergeEvent merge) {
    if (suspensions.isSuspended(schedule.workspace(), schedule.name(), clock.instant())) {
      log.info("{} does not fire {}/{}: the schedule is suspended", merge.description(), schedule.workspace(),
          schedule.name());
      return new WebhookOutcome.FiredRun(schedule.name(), null, "suspended");
    }
    String runId = TickRunIds.forCommit(schedule.workspace(), schedule.name(), merge.commit());
    if (history.find(runId).isPresent()) {
      log.info("{} fired run {} of {}/{} before; not again", merge.description(), runId, schedule.workspace(),
          schedule.name());
      return new WebhookOutcome.FiredRun(schedule.name(), runId, "already_requested");
    }
    publisher.request(runId, schedule, Trigger.API, merge.description(),
        new RunOverrides(null, merge.commit(), null, Map.of(), null, null));
    return new WebhookOutcome.FiredRun(schedule.name(), runId, "requested");
  }
}
