package dev.ferry.scheduler.merge;

import static dev.ferry.scheduler.merge.Delivery.text;

import tools.jackson.databind.JsonNode;

/**
 * Reads GitLab's {@code Push Hook} and {@code Merge Request Hook} (the {@code X-Gitlab-Event}
 * header names which): a push to a branch, or a merge request whose action is {@code merge}, fires
 * that branch's schedules at the pushed or merge commit. Anything else is ignored.
 */
final class GitLabDeliveries {

  private GitLabDeliveries() {}

  static Delivery read(String event, JsonNode payload) {
    return switch (event == null ? "" : event) {
      case "Push Hook" -> Delivery.push("gitlab", text(payload, "ref"), text(payload, "checkout_sha") != null
          ? text(payload, "checkout_sha") : text(payload, "after"));
      case "Merge Request Hook" -> mergeRequest(payload);
      default -> Delivery.ignored("GitLab event '" + event + "' fires nothing; send Push Hook or Merge Request Hook");
    };
  }

  private static Delivery mergeRequest(JsonNode payload) {
    JsonNode request = payload.path("object_attributes");
    if (!"merge".equals(text(request, "action"))) {
      return Delivery.ignored("merge request " + text(request, "action") + ", not merged");
    }
    return Delivery.merge(text(request, "target_branch"), text(request, "merge_commit_sha"),
        "gitlab merge_request !" + text(request, "iid"));
  }
}
