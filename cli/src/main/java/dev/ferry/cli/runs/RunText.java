package dev.ferry.cli.runs;

import dev.ferry.cli.Ages;
import java.time.Duration;
import java.time.Instant;
import tools.jackson.databind.JsonNode;

/** How runs read on a terminal. */
final class RunText {

  private RunText() {}

  static String status(JsonNode run) {
    return run.path("status").asString();
  }

  static boolean finished(JsonNode run) {
    return run.path("finished").asBoolean(false);
  }

  /** One line: {@code run <id> of nightly SUCCEEDED in 42 s (git abc1234)}. */
  static String summary(JsonNode run) {
    StringBuilder line = new StringBuilder("run ").append(run.path("runId").asString()).append(" of ")
        .append(run.path("schedule").asString()).append(' ').append(status(run));
    Instant started = instant(run, "startedAt");
    Instant finished = instant(run, "finishedAt");
    if (started != null && finished != null) {
      line.append(" in ").append(Ages.describe(Duration.between(started, finished)));
    }
    if (run.hasNonNull("worker") && !finished(run)) {
      line.append(" on ").append(run.get("worker").asString());
    }
    if (run.hasNonNull("gitSha")) {
      String sha = run.get("gitSha").asString();
      line.append(" (git ").append(sha, 0, Math.min(7, sha.length())).append(')');
    }
    if (run.hasNonNull("message")) {
      line.append(": ").append(run.get("message").asString());
    }
    return line.toString();
  }

  static Instant instant(JsonNode run, String field) {
    return run.hasNonNull(field) ? Instant.parse(run.get(field).asString()) : null;
  }
}
