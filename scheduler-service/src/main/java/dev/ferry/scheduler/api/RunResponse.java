package dev.ferry.scheduler.api;

import dev.ferry.events.RunPhase;
import dev.ferry.scheduler.runs.RunView;
import dev.ferry.scheduler.trigger.RunRequests;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/**
 * A run as the API shows it; {@code status} is REQUESTED, RUNNING or how it ended; {@code request}
 * what it was asked to run (commands, git ref, target, defer target, pull request) and which of
 * those a trigger overrode, or null for a run whose RunRequested this replica has not read.
 */
record RunResponse(
    String runId,
    String workspace,
    String schedule,
    RunPhase status,
    boolean finished,
    String trigger,
    int attempt,
    String requestedBy,
    Instant requestedAt,
    Instant scheduledTick,
    Instant startedAt,
    Instant finishedAt,
    Instant lastHeartbeatAt,
    String worker,
    String gitSha,
    String dbtVersion,
    String message,
    List<RunView.CommandOutcome> commands,
    List<RunView.Artifact> artifacts,
    RunRequests.Requested request) {

  static RunResponse of(RunView run, RunRequests requests) {
    return of(run, requests.find(run.runId()).orElse(null));
  }

  static RunResponse of(RunView run, RunRequests.Requested request) {
    return new RunResponse(run.runId(), run.workspace(), run.schedule(), run.phase(), run.phase().isTerminal(),
        run.trigger() == null ? null : run.trigger().name().toLowerCase(Locale.ROOT), run.attempt(),
        run.requestedBy(), run.requestedAt(), run.scheduledTick(), run.startedAt(), run.finishedAt(),
        run.lastHeartbeatAt(), run.worker(), run.gitSha(), run.dbtVersion(), run.message(), run.commands(),
        run.artifacts(), request);
  }
}
