package dev.ferry.runner.wire;

import dev.ferry.events.ArtifactRef;
import dev.ferry.events.CommandResult;
import dev.ferry.events.NodeFailure;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunHeartbeat;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStarted;
import dev.ferry.runner.artifacts.StoredArtifact;
import dev.ferry.runner.execution.RunOutcome;
import dev.ferry.runner.execution.RunRequest;
import dev.ferry.runner.execution.RunResultsSummary;
import java.time.Duration;
import java.time.Instant;

/** The runner's one place where generated Avro events meet its own records. */
public final class EventMapper {

  private EventMapper() {}

  public static RunRequest toRequest(RunRequested event) {
    return new RunRequest(event.getRunId(), event.getWorkspace(), event.getSchedule(), event.getTrigger(),
        event.getAttempt(), event.getRequestedAt(),
        event.getCommands().stream()
            .map(c -> new RunRequest.Command(c.getArgs(), c.getContinueOnFailure())).toList(),
        new RunRequest.Project(event.getProject().getRepository(), event.getProject().getRef(),
            event.getProject().getSubdirectory()),
        event.getTarget(), event.getProfile(),
        event.getTimeoutSeconds() == null ? null : Duration.ofSeconds(event.getTimeoutSeconds()),
        event.getRequestedBy(), event.getEnvironment(), event.getSecretEnvironment(), event.getDeferTo(),
        event.getRuntimeVariableAliases(),
        event.getPullRequest() == null ? null : new RunRequest.PullRequest(event.getPullRequest().getProvider(),
            event.getPullRequest().getId(), event.getPullRequest().getBranch()));
  }

  public static RunStarted started(RunRequest request, Instant startedAt, String worker, String gitSha) {
    return RunStarted.newBuilder().setRunId(request.runId()).setWorkspace(request.workspace())
        .setSchedule(request.schedule()).setAttempt(request.attempt()).setStartedAt(startedAt)
        .setWorker(worker).setGitSha(gitSha).build();
  }

  public static RunHeartbeat heartbeat(RunRequest request, Instant at, String worker) {
    return RunHeartbeat.newBuilder().setRunId(request.runId()).setWorkspace(request.workspace())
        .setSchedule(request.schedule()).setAt(at).setWorker(worker).setAttempt(request.attempt()).build();
  }

  public static RunCompleted completed(RunRequest request, RunOutcome outcome, String worker) {
    return RunCompleted.newBuilder()
        .setRunId(request.runId())
        .setWorkspace(request.workspace())
        .setSchedule(request.schedule())
        .setTrigger(request.trigger())
        .setAttempt(request.attempt())
        .setStatus(outcome.status())
        .setStartedAt(outcome.startedAt())
        .setFinishedAt(outcome.finishedAt())
        .setGitSha(outcome.gitSha())
        .setDbtVersion(outcome.dbtVersion())
        .setCommands(outcome.commands().stream()
            .map(EventMapper::commandResult).toList())
        .setArtifacts(artifacts(outcome.artifacts()))
        .setMessage(outcome.message())
        .setWorker(worker)
        .build();
  }

  static java.util.List<ArtifactRef> artifacts(java.util.List<StoredArtifact> artifacts) {
    return artifacts.stream().map(a -> new ArtifactRef(a.name(), a.uri(), a.sizeBytes(), a.encoding(), a.sha256()))
        .toList();
  }

  private static CommandResult commandResult(RunOutcome.CommandOutcome command) {
    RunResultsSummary results = command.results();
    return CommandResult.newBuilder()
        .setArgs(command.args())
        .setExitCode(command.exitCode())
        .setDurationMillis(command.durationMillis())
        .setNodeStatuses(java.util.Map.copyOf(results.nodeStatuses()))
        .setFailures(results.failures().stream()
            .map(f -> new NodeFailure(f.uniqueId(), f.status(), f.message())).toList())
        .setFailuresOmitted(results.failuresOmitted())
        .setElapsedSeconds(results.elapsedSeconds())
        .build();
  }
}
