package dev.ferry.scheduler.api;

import dev.ferry.events.RunPhase;
import dev.ferry.scheduler.runs.RunView;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

/** A run as the API shows it; {@code status} is REQUESTED, RUNNING or how it ended. */
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
    List<RunView.Artifact> artifacts) {

  static RunResponse of(RunView run) {
    return new RunResponse(run.runId(), run.workspace(), run.schedule(), run.phase(), run.phase().isTerminal(),
        run.trigger() == null ? null : run.trigger().name().toLowerCase(Locale.ROOT), run.attempt(),
        run.requestedBy(), run.requestedAt(), run.scheduledTick(), run.startedAt(), run.finishedAt(),
        run.lastHeartbeatAt(), run.worker(), run.gitSha(), run.dbtVersion(), run.message(), run.commands(),
        run.artifacts());
  }
}
