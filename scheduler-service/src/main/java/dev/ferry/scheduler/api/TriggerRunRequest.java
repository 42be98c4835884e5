package dev.ferry.scheduler.api;

import dev.ferry.events.SafeNames;
import dev.ferry.events.Trigger;
import dev.ferry.scheduler.schedule.ScheduleCatalog;
import dev.ferry.scheduler.trigger.GitRefs;
import dev.ferry.scheduler.trigger.RunOverrides;
import dev.ferry.schedules.DbtCommandLine;
import dev.ferry.schedules.EnvValue;
import dev.ferry.schedules.Schedule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Body of {@code POST .../runs}; every field is optional except what a CI trigger needs.
 *
 * @param trigger {@code manual} (a person, e.g. {@code ferry runs trigger}), {@code api} (a system; the default)
 *     or {@code ci} (a pull or merge request's check; needs {@code pullRequest} and {@code gitRef})
 * @param requestedBy who asked, for the run history
 * @param commands dbt command lines ({@code dbt build -s x}) instead of the schedule's
 * @param gitRef the branch, tag, commit or ref to check out instead of the project's ref
 * @param target the dbt target instead of the schedule's
 * @param env plain variables added to the schedule's env; not one the schedule binds to a secret
 * @param deferTo a schedule of the workspace whose latest manifest the run uses as its dbt state
 * @param pullRequest the pull or merge request of a CI run
 */
record TriggerRunRequest(String trigger, String requestedBy, List<String> commands, String gitRef, String target,
    Map<String, String> env, String deferTo, PullRequest pullRequest) {

  private static final int MAX_COMMANDS = 20;
  private static final int MAX_ENV = 100;
  private static final Pattern TARGET = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");
  private static final Pattern PULL_REQUEST_ID = Pattern.compile("[A-Za-z0-9_-]{1,64}");
  private static final List<String> PROVIDERS = List.of("github", "gitlab", "azure", "other");
  private static final List<String> RESERVED_ENV_PREFIXES = List.of("FERRY_", "PARADIME_", "DBT_CLOUD_");

  /** The pull or merge request of a CI run: {@code provider} github, gitlab, azure or other; its number; its source branch. */
  record PullRequest(String provider, String id, String branch) {}

  static TriggerRunRequest empty() {
    return new TriggerRunRequest(null, null, null, null, null, null, null, null);
  }

  Trigger triggerValue() {
    if (trigger == null || trigger.isBlank() || trigger.equalsIgnoreCase("api")) {
      return Trigger.API;
    }
    return switch (trigger.toLowerCase(Locale.ROOT)) {
      case "manual" -> Trigger.MANUAL;
      case "ci" -> Trigger.CI;
      default -> throw new InvalidFieldException("trigger", "'" + trigger + "' is not one of manual, api, ci");
    };
  }

  String requester(Trigger value) {
    return requestedBy == null || requestedBy.isBlank() ? value.name().toLowerCase(Locale.ROOT) : requestedBy.strip();
  }

  /**
   * The overrides this body asks for on {@code schedule}, checked: every bad field is an
   * {@link InvalidFieldException} naming it. A CI run defers to the schedule's own {@code defer_to}
   * unless it names another, and to the schedule itself when it has none.
   */
  RunOverrides overrides(Schedule schedule, ScheduleCatalog catalog) {
    Trigger value = triggerValue();
    RunOverrides.PullRequest pr = pullRequest(value);
    String ref = gitRef == null ? null : checkRef("gitRef", gitRef, "is not a git branch, tag, commit or ref");
    if (value == Trigger.CI && ref == null) {
      throw new InvalidFieldException("gitRef", "a ci run needs the pull request's ref or commit, e.g. refs/pull/42/head");
    }
    String defer = deferTo == null ? null : deferTarget(schedule, catalog);
    if (value == Trigger.CI && defer == null && schedule.deferTo() == null) {
      defer = schedule.name(); // a schedule's own defer_to needs no override: the run carries it anyway
    }
    return new RunOverrides(commandLines(), ref,
        target == null ? null : check("target", target, TARGET, "is not a dbt target name (letters, digits, '_', '-')"),
        environment(schedule), defer, pr);
  }

  private List<List<String>> commandLines() {
    if (commands == null) {
      return null;
    }
    if (commands.isEmpty() || commands.size() > MAX_COMMANDS) {
      throw new InvalidFieldException("commands", "give 1 to " + MAX_COMMANDS + " dbt command lines, or leave it out");
    }
    List<List<String>> parsed = new ArrayList<>();
    for (int i = 0; i < commands.size(); i++) {
      String line = commands.get(i);
      try {
        parsed.add(DbtCommandLine.split(line == null ? "" : line));
      } catch (IllegalArgumentException e) {
        throw new InvalidFieldException("commands[" + i + "]", e.getMessage());
      }
    }
    return parsed;
  }

  private Map<String, String> environment(Schedule schedule) {
    if (env == null) {
      return Map.of();
    }
    if (env.size() > MAX_ENV) {
      throw new InvalidFieldException("env", "at most " + MAX_ENV + " variables");
    }
    Map<String, String> checked = new LinkedHashMap<>();
    env.forEach((name, value) -> {
      String field = "env." + name;
      if (name == null || !ENV_NAME.matcher(name).matches()) {
        throw new InvalidFieldException("env", "'" + name + "' is not an environment variable name");
      }
      if (RESERVED_ENV_PREFIXES.stream().anyMatch(name::startsWith)) {
        throw new InvalidFieldException(field, "FERRY_*, PARADIME_* and DBT_CLOUD_* are runtime variables Ferry sets");
      }
      if (schedule.env().get(name) instanceof EnvValue.SecretRef) {
        throw new InvalidFieldException(field, "the schedule takes it from a secret; a trigger cannot replace it");
      }
      if (value == null) {
        throw new InvalidFieldException(field, "needs a plain string value; secrets cannot be passed through the API");
      }
      checked.put(name, value);
    });
    return checked;
  }

  private String deferTarget(Schedule schedule, ScheduleCatalog catalog) {
    if (!SafeNames.isName(deferTo)) {
      throw new InvalidFieldException("deferTo", "'" + deferTo + "' is not a schedule name");
    }
    if (catalog.find(schedule.workspace(), deferTo).isEmpty()) {
      throw new InvalidFieldException("deferTo", "no schedule '" + deferTo + "' in workspace '" + schedule.workspace() + "'");
    }
    return deferTo;
  }

  private RunOverrides.PullRequest pullRequest(Trigger value) {
    if (value != Trigger.CI) {
      if (pullRequest != null) {
        throw new InvalidFieldException("pullRequest", "only a ci trigger names a pull request");
      }
      return null;
    }
    if (pullRequest == null) {
      throw new InvalidFieldException("pullRequest", "a ci run needs {provider, id, branch} of its pull request");
    }
    String provider = pullRequest.provider() == null ? "" : pullRequest.provider().toLowerCase(Locale.ROOT);
    if (!PROVIDERS.contains(provider)) {
      throw new InvalidFieldException("pullRequest.provider", "'" + pullRequest.provider() + "' is not one of " + PROVIDERS);
    }
    String id = check("pullRequest.id", pullRequest.id(), PULL_REQUEST_ID, "is not a pull request number");
    String branch = pullRequest.branch() == null ? null
        : checkRef("pullRequest.branch", pullRequest.branch(), "is not a branch name");
    return new RunOverrides.PullRequest(provider, id, branch);
  }

  private static String checkRef(String field, String value, String problem) {
    if (!GitRefs.isRef(value)) {
      throw new InvalidFieldException(field, "'" + value + "' " + problem);
    }
    return value;
  }

  private static String check(String field, String value, Pattern pattern, String problem) {
    if (value == null || !pattern.matcher(value).matches()) {
      throw new InvalidFieldException(field, "'" + value + "' " + problem);
    }
    return value;
  }
}
