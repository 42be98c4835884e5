package dev.ferry.scheduler.trigger;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What a trigger changes of its schedule for one run; every field null (or empty) keeps the
 * schedule's own value. Validated by whoever builds it (the API), so the mapper applies it as is.
 *
 * @param commands dbt argument lists without the leading {@code dbt}, instead of the schedule's
 * @param gitRef the branch, tag, commit or ref to check out instead of the project's ref
 * @param target the dbt target instead of the schedule's
 * @param env plain variables added to the schedule's env (never secrets)
 * @param deferTo the schedule whose latest manifest the run uses as its dbt state
 * @param pullRequest the pull or merge request of a CI run
 */
public record RunOverrides(List<List<String>> commands, String gitRef, String target, Map<String, String> env,
    String deferTo, PullRequest pullRequest) {

  public static final RunOverrides NONE = new RunOverrides(null, null, null, Map.of(), null, null);

  public RunOverrides {
    commands = commands == null ? null : commands.stream().map(List::copyOf).toList();
    env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
  }

  /** A pull request (GitHub, Azure DevOps) or merge request (GitLab); {@code branch} may be null. */
  public record PullRequest(String provider, String id, String branch) {}

  /** The names of the fields that differ from the schedule, as the API spells them. */
  public List<String> used() {
    List<String> used = new ArrayList<>();
    if (commands != null) {
      used.add("commands");
    }
    if (gitRef != null) {
      used.add("gitRef");
    }
    if (target != null) {
      used.add("target");
    }
    if (!env.isEmpty()) {
      used.add("env");
    }
    if (deferTo != null) {
      used.add("deferTo");
    }
    if (pullRequest != null) {
      used.add("pullRequest");
    }
    return List.copyOf(used);
  }
}
