package dev.ferry.runner.execution;

import dev.ferry.events.RunStatus;
import dev.ferry.runner.artifacts.StoredArtifact;
import java.time.Instant;
import java.util.List;

/** How a run ended and what it left behind. */
public record RunOutcome(
    RunStatus status,
    Instant startedAt,
    Instant finishedAt,
    String gitSha,
    String dbtVersion,
    List<CommandOutcome> commands,
    List<StoredArtifact> artifacts,
    String message) {

  /** This outcome with another status and message. */
  public RunOutcome withStatus(RunStatus otherStatus, String otherMessage) {
    return new RunOutcome(otherStatus, startedAt, finishedAt, gitSha, dbtVersion, commands, artifacts, otherMessage);
  }

  /** The exit of one dbt command, and what its run_results.json said. */
  public record CommandOutcome(List<String> args, int exitCode, long durationMillis, RunResultsSummary results) {

    /** This outcome with secrets masked in its arguments and in dbt's messages. */
    CommandOutcome masked(SecretMask mask) {
      return new CommandOutcome(args.stream().map(mask::apply).toList(), exitCode, durationMillis,
          results.masked(mask));
    }
  }
}
