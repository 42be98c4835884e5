package dev.ferry.scheduler.merge;

import dev.ferry.scheduler.trigger.GitRefs;
import tools.jackson.databind.JsonNode;

/**
 * What one webhook delivery asks for once read: a merge to fire, or nothing (with why).
 *
 * @param merge the commit that landed, or null
 * @param ignoredBecause why nothing fires, or null
 */
record Delivery(MergeEvent merge, String ignoredBecause) {

  private static final String BRANCH_PREFIX = "refs/heads/";

  static Delivery ignored(String reason) {
    return new Delivery(null, reason);
  }

  /**
   * A merge of {@code commit} into {@code branch} (either may be a ref or missing in a payload):
   * checked, since both reach git on a runner.
   */
  static Delivery merge(String branch, String commit, String description) {
    String name = branch != null && branch.startsWith(BRANCH_PREFIX) ? branch.substring(BRANCH_PREFIX.length()) : branch;
    if (!GitRefs.isRef(name)) {
      return ignored("'" + name + "' is not a branch name");
    }
    if (!GitRefs.isCommit(commit)) {
      return ignored("the payload names no full commit SHA");
    }
    return new Delivery(new MergeEvent(name, commit, description + " " + commit), null);
  }

  /** A push to a branch; a push to a tag or one that deletes the branch fires nothing. */
  static Delivery push(String provider, String ref, String commit) {
    if (ref == null || !ref.startsWith(BRANCH_PREFIX)) {
      return ignored("push to " + ref + ", not to a branch");
    }
    if (commit == null || commit.chars().allMatch(c -> c == '0')) {
      return ignored("push deleted " + ref);
    }
    return merge(ref, commit, provider + " push");
  }

  static String text(JsonNode node, String... path) {
    JsonNode at = node;
    for (String field : path) {
      at = at.path(field);
    }
    return at.isString() ? at.asString() : at.isNumber() ? at.asString() : null;
  }
}
