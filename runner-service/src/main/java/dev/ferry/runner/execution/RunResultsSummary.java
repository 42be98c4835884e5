package dev.ferry.runner.execution;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What one dbt command's {@code run_results.json} says, in a size fit for an event: nodes by
 * status, the failed ones (at most {@link #MAX_FAILURES}, messages cut to
 * {@link #MAX_MESSAGE} characters) and dbt's elapsed time.
 */
public record RunResultsSummary(Map<String, Integer> nodeStatuses, List<NodeFailure> failures, int failuresOmitted,
    Double elapsedSeconds) {

  static final int MAX_FAILURES = 20;
  static final int MAX_MESSAGE = 1000;
  private static final Set<String> FAILED = Set.of("error", "fail", "runtime error");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  public static final RunResultsSummary NONE = new RunResultsSummary(Map.of(), List.of(), 0, null);

  public RunResultsSummary {
    nodeStatuses = Map.copyOf(nodeStatuses);
    failures = List.copyOf(failures);
  }

  /** This summary with secrets masked in dbt's messages. */
  RunResultsSummary masked(SecretMask mask) {
    return new RunResultsSummary(nodeStatuses, failures.stream()
        .map(f -> new NodeFailure(f.uniqueId(), f.status(), f.message() == null ? null : mask.apply(f.message())))
        .toList(), failuresOmitted, elapsedSeconds);
  }

  /** A node that ended error, fail or runtime error. */
  public record NodeFailure(String uniqueId, String status, String message) {}

  /**
   * The summary of {@code file} when the command wrote it (modified at or after
   * {@code commandStarted}); empty when it did not (dbt deps, a command that died early) or left
   * it unreadable.
   */
  static Optional<RunResultsSummary> readIfWrittenSince(Path file, Instant commandStarted) {
    try {
      if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)
          || Files.getLastModifiedTime(file).toInstant().isBefore(commandStarted.minusSeconds(1))) {
        return Optional.empty();
      }
      return Optional.of(of(JSON.readTree(file.toFile())));
    } catch (IOException | JacksonException e) {
      return Optional.empty();
    }
  }

  static RunResultsSummary of(JsonNode runResults) {
    Map<String, Integer> statuses = new TreeMap<>();
    List<NodeFailure> failures = new ArrayList<>();
    int omitted = 0;
    for (JsonNode result : runResults.path("results")) {
      String status = result.path("status").asString("unknown");
      statuses.merge(status, 1, Integer::sum);
      if (FAILED.contains(status)) {
        if (failures.size() < MAX_FAILURES) {
          failures.add(new NodeFailure(result.path("unique_id").asString("?"), status,
              cut(result.path("message").asString(null))));
        } else {
          omitted++;
        }
      }
    }
    JsonNode elapsed = runResults.path("elapsed_time");
    return new RunResultsSummary(statuses, failures, omitted, elapsed.isNumber() ? elapsed.asDouble() : null);
  }

  private static String cut(String message) {
    return message == null || message.length() <= MAX_MESSAGE ? message : message.substring(0, MAX_MESSAGE - 1) + "…";
  }
}
