package dev.ferry.testing;

import dev.ferry.events.ArtifactRef;
import dev.ferry.events.CommandResult;
import dev.ferry.events.DbtCommand;
import dev.ferry.events.ProjectSource;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Trigger;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** Builders of valid events with sensible defaults; tests change only what they are about. */
public final class Events {

  public static final Instant T0 = Instant.parse("2026-11-25T02:00:00Z");

  private Events() {}

  /** A dbt command that stops the run when it fails. */
  public static DbtCommand aDbtCommand(String... args) {
    return DbtCommand.newBuilder().setArgs(List.of(args)).build();
  }

  public static String aRunId() {
    return UUID.randomUUID().toString();
  }

  public static RunRequested.Builder aRunRequested() {
    return RunRequested.newBuilder()
        .setRunId(aRunId())
        .setWorkspace("default")
        .setSchedule("nightly")
        .setTrigger(Trigger.MANUAL)
        .setRequestedAt(T0)
        .setCommands(List.of(aDbtCommand("build")))
        .setProject(new ProjectSource("/srv/git/analytics", "HEAD", null))
        .setRequestedBy("test");
  }

  public static RunCompleted.Builder aRunCompleted() {
    return RunCompleted.newBuilder()
        .setRunId(aRunId())
        .setWorkspace("default")
        .setSchedule("nightly")
        .setTrigger(Trigger.SCHEDULER)
        .setStatus(RunStatus.SUCCEEDED)
        .setStartedAt(T0)
        .setFinishedAt(T0.plusSeconds(60))
        .setGitSha("0123456789abcdef0123456789abcdef01234567")
        .setDbtVersion("1.11.16")
        .setCommands(List.of(CommandResult.newBuilder().setArgs(List.of("build")).setExitCode(0).setDurationMillis(60_000L).build()))
        .setArtifacts(List.of());
  }

  public static ArtifactRef anArtifact(String name, String uri, long size, String sha256) {
    return new ArtifactRef(name, uri, size, "identity", sha256);
  }
}
