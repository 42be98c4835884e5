package dev.ferry.scheduler.wire;

import dev.ferry.events.ArtifactRef;
import dev.ferry.events.CommandResult;
import dev.ferry.events.DbtCommand;
import dev.ferry.events.ProjectSource;
import dev.ferry.events.PullRequest;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunHeartbeat;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStarted;
import dev.ferry.events.ScheduleSuspension;
import dev.ferry.events.ScheduleTick;
import dev.ferry.scheduler.runs.RunFacts;
import dev.ferry.scheduler.runs.RunView;
import dev.ferry.scheduler.suspend.Suspension;
import dev.ferry.scheduler.trigger.RunOverrides;
import dev.ferry.scheduler.trigger.RunRequest;
import dev.ferry.scheduler.trigger.RunRequests;
import dev.ferry.scheduler.trigger.TickRecord;
import dev.ferry.schedules.EnvValue;
import dev.ferry.schedules.RuntimeVariableAlias;
import dev.ferry.schedules.Schedule;

/** The scheduler's one place where generated Avro events meet its own records. */
public final class EventMapper {

  private EventMapper() {}

  public static RunRequested toEvent(RunRequest request) {
    Schedule schedule = request.schedule();
    return RunRequested.newBuilder()
        .setRunId(request.runId())
        .setWorkspace(schedule.workspace())
        .setSchedule(schedule.name())
        .setTrigger(request.trigger())
        .setRequestedAt(request.requestedAt())
        .setScheduledTick(request.scheduledTick())
        .setCommands(commands(schedule))
        .setProject(new ProjectSource(schedule.project().repository(), schedule.project().ref(),
            schedule.project().subdirectory()))
        .setTarget(schedule.target())
        .setTimeoutSeconds(schedule.timeout() == null ? null : schedule.timeout().toSeconds())
        .setAttempt(request.attempt())
        .setRequestedBy(request.requestedBy())
        .setEnvironment(environment(schedule, false))
        .setSecretEnvironment(environment(schedule, true))
        .setDeferTo(schedule.deferTo())
        .setRuntimeVariableAliases(schedule.runtimeVariableAliases().stream().map(RuntimeVariableAlias::yamlName).toList())
        .build();
  }

  /** A run of the schedule as {@code overrides} changes it: what a trigger asked for besides the schedule's own settings. */
  public static RunRequested toEvent(RunRequest request, RunOverrides overrides) {
    RunRequested.Builder event = RunRequested.newBuilder(toEvent(request));
    if (overrides.commands() != null) {
      event.setCommands(overrides.commands().stream().map(args -> DbtCommand.newBuilder().setArgs(args).build()).toList());
    }
    if (overrides.gitRef() != null) {
      ProjectSource project = event.getProject();
      event.setProject(new ProjectSource(project.getRepository(), overrides.gitRef(), project.getSubdirectory()));
    }
    if (overrides.target() != null) {
      event.setTarget(overrides.target());
    }
    if (!overrides.env().isEmpty()) {
      java.util.Map<String, String> env = new java.util.LinkedHashMap<>(event.getEnvironment());
      env.putAll(overrides.env());
      event.setEnvironment(env);
    }
    if (overrides.deferTo() != null) {
      event.setDeferTo(overrides.deferTo());
    }
    if (overrides.pullRequest() != null) {
      RunOverrides.PullRequest pr = overrides.pullRequest();
      event.setPullRequest(new PullRequest(pr.provider(), pr.id(), pr.branch()));
    }
    return event.build();
  }

  /** The schedule's commands, each saying whether the run goes on after it fails. */
  private static java.util.List<DbtCommand> commands(Schedule schedule) {
    return java.util.stream.IntStream.range(0, schedule.commands().size())
        .mapToObj(i -> DbtCommand.newBuilder().setArgs(schedule.commands().get(i))
            .setContinueOnFailure(schedule.continuesOnFailure(i)).build())
        .toList();
  }

  /** The schedule's env: literal values, or for secrets the secret's name (never a value, which the scheduler lacks). */
  private static java.util.Map<String, String> environment(Schedule schedule, boolean secrets) {
    java.util.Map<String, String> env = new java.util.LinkedHashMap<>();
    schedule.env().forEach((name, value) -> {
      switch (value) {
        case EnvValue.Literal literal when !secrets -> env.put(name, literal.value());
        case EnvValue.SecretRef secret when secrets -> env.put(name, secret.name());
        default -> { }
      }
    });
    return env;
  }

  public static ScheduleTick toEvent(TickRecord tick) {
    return ScheduleTick.newBuilder()
        .setWorkspace(tick.workspace())
        .setSchedule(tick.schedule())
        .setTick(tick.tick())
        .setRunId(tick.runId())
        .setSkipped(tick.skipped() == null ? null : tick.skipped().label())
        .setFiredAt(tick.firedAt())
        .setFiredBy(tick.firedBy())
        .build();
  }

  public static TickRecord tick(ScheduleTick event) {
    return new TickRecord(event.getWorkspace(), event.getSchedule(), event.getTick(), event.getRunId(),
        event.getSkipped() == null ? null : TickRecord.SkipReason.ofLabel(event.getSkipped()), event.getFiredAt(),
        event.getFiredBy());
  }

  public static RunFacts.Requested requested(RunRequested event) {
    return new RunFacts.Requested(event.getRunId(), event.getWorkspace(), event.getSchedule(), event.getTrigger(),
        event.getAttempt(), event.getRequestedBy(), event.getRequestedAt(), event.getScheduledTick());
  }

  /** What the run was asked to do; {@code overrides} from the record's header. */
  public static RunRequests.Requested request(RunRequested event, java.util.List<String> overrides) {
    return new RunRequests.Requested(
        event.getCommands().stream().map(c -> "dbt " + String.join(" ", c.getArgs())).toList(),
        event.getProject().getRef(), event.getTarget(), event.getDeferTo(),
        event.getPullRequest() == null ? null : event.getPullRequest().getProvider() + " #" + event.getPullRequest().getId(),
        overrides);
  }

  public static RunFacts.Started started(RunStarted event) {
    return new RunFacts.Started(event.getRunId(), event.getWorkspace(), event.getSchedule(), event.getAttempt(),
        event.getStartedAt(), event.getWorker(), event.getGitSha());
  }

  public static RunFacts.Heartbeat heartbeat(RunHeartbeat event) {
    return new RunFacts.Heartbeat(event.getRunId(), event.getWorkspace(), event.getSchedule(), event.getAt(),
        event.getWorker(), event.getAttempt());
  }

  public static RunFacts.Completed completed(RunCompleted event) {
    return new RunFacts.Completed(event.getRunId(), event.getWorkspace(), event.getSchedule(), event.getTrigger(),
        event.getAttempt(), event.getStatus(), event.getStartedAt(), event.getFinishedAt(), event.getGitSha(),
        event.getDbtVersion(), event.getMessage(), event.getWorker(),
        event.getCommands().stream().map(EventMapper::outcome).toList(),
        event.getArtifacts().stream().map(EventMapper::artifact).toList());
  }

  private static RunView.CommandOutcome outcome(CommandResult result) {
    return new RunView.CommandOutcome(result.getArgs(), result.getExitCode(), result.getDurationMillis(),
        result.getNodeStatuses(), result.getFailures().stream()
            .map(f -> new RunView.NodeFailure(f.getUniqueId(), f.getStatus(), f.getMessage())).toList(),
        result.getFailuresOmitted());
  }

  private static RunView.Artifact artifact(ArtifactRef ref) {
    return new RunView.Artifact(ref.getName(), ref.getUri(), ref.getSizeBytes(), ref.getEncoding(), ref.getSha256());
  }

  public static ScheduleSuspension toEvent(Suspension suspension) {
    return ScheduleSuspension.newBuilder()
        .setWorkspace(suspension.workspace())
        .setSchedule(suspension.schedule())
        .setSuspendedAt(suspension.suspendedAt())
        .setUntil(suspension.until())
        .setReason(suspension.reason())
        .setRequestedBy(suspension.requestedBy())
        .build();
  }

  public static Suspension suspension(ScheduleSuspension event) {
    return new Suspension(event.getWorkspace(), event.getSchedule(), event.getSuspendedAt(), event.getUntil(),
        event.getReason(), event.getRequestedBy());
  }
}
