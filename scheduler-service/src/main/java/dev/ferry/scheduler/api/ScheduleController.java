package dev.ferry.scheduler.api;

import dev.ferry.events.SafeNames;
import dev.ferry.events.Trigger;
import dev.ferry.scheduler.firing.TickFiring;
import dev.ferry.scheduler.runs.RunHistory;
import dev.ferry.schedules.Schedule;
import dev.ferry.scheduler.schedule.ScheduleSource;
import dev.ferry.scheduler.trigger.RunOverrides;
import dev.ferry.scheduler.trigger.RunRequest;
import dev.ferry.scheduler.trigger.RunRequestPublisher;
import dev.ferry.scheduler.trigger.RunRequests;
import dev.ferry.scheduler.suspend.ScheduleSuspender;
import dev.ferry.scheduler.suspend.Suspensions;
import java.net.URI;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Schedules of a workspace, their runs, and triggering a run. */
@RestController
@RequestMapping("/api/v1/workspaces/{workspace}/schedules")
class ScheduleController {

  private static final int MAX_LIMIT = 500;

  private final ScheduleSource schedules;
  private final TickFiring firing;
  private final RunRequestPublisher publisher;
  private final RunHistory history;
  private final Suspensions suspensions;
  private final ScheduleSuspender suspender;
  private final Clock clock;
  private final RunRequests requests;

  ScheduleController(ScheduleSource schedules, TickFiring firing, RunRequestPublisher publisher, RunHistory history,
      Suspensions suspensions, ScheduleSuspender suspender, Clock clock, RunRequests requests) {
    this.schedules = schedules;
    this.firing = firing;
    this.publisher = publisher;
    this.history = history;
    this.suspensions = suspensions;
    this.suspender = suspender;
    this.clock = clock;
    this.requests = requests;
  }

  @GetMapping
  List<ScheduleResponse> list(@PathVariable String workspace) {
    SafeNames.requireName("workspace", workspace);
    return schedules.current().inWorkspace(workspace).stream()
        .map(this::response)
        .toList();
  }

  @GetMapping("/{schedule}")
  ScheduleResponse one(@PathVariable String workspace, @PathVariable String schedule) {
    return response(find(workspace, schedule));
  }

  /**
   * Suspends the schedule: its cron ticks and merge webhooks fire nothing (ticks are recorded as
   * skipped, reason {@code suspended}) until it is resumed or its {@code until} has come.
   */
  @PostMapping("/{schedule}/suspend")
  ScheduleResponse suspend(@PathVariable String workspace, @PathVariable String schedule,
      @RequestBody(required = false) SuspendRequest body) {
    Schedule found = find(workspace, schedule);
    SuspendRequest asked = body == null ? SuspendRequest.empty() : body;
    suspender.suspend(found, asked.end(clock.instant()), asked.checkedReason(), asked.requester());
    return response(found);
  }

  /** Resumes the schedule: its next tick fires; ticks skipped while it was suspended are not caught up. */
  @PostMapping("/{schedule}/resume")
  ScheduleResponse resume(@PathVariable String workspace, @PathVariable String schedule,
      @RequestBody(required = false) SuspendRequest body) {
    Schedule found = find(workspace, schedule);
    suspender.resume(found, (body == null ? SuspendRequest.empty() : body).requester());
    return response(found);
  }

  private ScheduleResponse response(Schedule schedule) {
    return ScheduleResponse.of(schedule, firing.nextTick(schedule).orElse(null),
        suspensions.find(schedule.workspace(), schedule.name(), clock.instant()).orElse(null));
  }

  /**
   * Requests a run now: 202 with the run, 400 naming the field of a bad override. A suspended
   * schedule still runs when asked explicitly; suspension stops only what fires on its own.
   */
  @PostMapping("/{schedule}/runs")
  ResponseEntity<RunAcceptedResponse> trigger(@PathVariable String workspace, @PathVariable String schedule,
      @RequestBody(required = false) TriggerRunRequest body) {
    Schedule found = find(workspace, schedule);
    TriggerRunRequest asked = body == null ? TriggerRunRequest.empty() : body;
    Trigger trigger = asked.triggerValue();
    RunOverrides overrides = asked.overrides(found, schedules.current());
    RunRequest request = publisher.requestNow(found, trigger, asked.requester(trigger), overrides);
    return ResponseEntity.accepted()
        .location(URI.create("/api/v1/runs/" + request.runId()))
        .body(new RunAcceptedResponse(request.runId(), workspace, schedule,
            trigger.name().toLowerCase(Locale.ROOT), "REQUESTED", request.requestedAt(), overrides.used()));
  }

  @GetMapping("/{schedule}/runs")
  List<RunResponse> runs(@PathVariable String workspace, @PathVariable String schedule,
      @RequestParam(defaultValue = "20") int limit) {
    find(workspace, schedule);
    if (limit < 1 || limit > MAX_LIMIT) {
      throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
    }
    return history.ofSchedule(workspace, schedule, limit).stream().map(run -> RunResponse.of(run, requests)).toList();
  }

  private Schedule find(String workspace, String schedule) {
    SafeNames.requireName("workspace", workspace);
    SafeNames.requireName("schedule", schedule);
    return schedules.current().find(workspace, schedule).orElseThrow(() -> NotFoundException.schedule(workspace, schedule));
  }

}
