package dev.ferry.scheduler.merge;

import static dev.ferry.scheduler.merge.Delivery.text;

import tools.jackson.databind.JsonNode;

/**
 * Reads GitHub's {@code push} and {@code pull_request} events (the {@code X-GitHub-Event} header
 * names which): a push to a branch, or a pull request closed as merged, fires that branch's
 * schedules at the pushed or merge commit. Anything else is ignored.
 */
final class GitHubDeliveries {

  private GitHubDeliveries() {}

  static Delivery read(String event, JsonNode payload) {
    return switch (event == null ? "" : event) {
      case "push" -> Delivery.push("github", text(payload, "ref"), text(payload, "after"));
      case "pull_request" -> pullRequest(payload);
      default -> Delivery.ignored("GitHub event '" + event + "' fires nothing; send push or pull_request");
    };
  }

  private static Delivery pullRequest(JsonNode payload) {
    JsonNode pr = payload.path("pull_request");
    if (!"closed".equals(text(payload, "action")) || !pr.path("merged").asBoolean(false)) {
      return Delivery.ignored("pull request " + text(payload, "action") + ", not merged");
    }
    return Delivery.merge(text(pr, "base", "ref"), text(pr, "merge_commit_sha"),
        "github pull_request #" + text(pr, "number"));
  }
}
