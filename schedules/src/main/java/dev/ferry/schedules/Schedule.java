package dev.ferry.schedules;

import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One schedule of {@code ferry_schedules.yml}: when to run which dbt commands on which project,
 * and the policies around its runs. docs/schedules.md describes every field.
 *
 * @param workspace workspace that owns the schedule
 * @param name unique name within the workspace, across all its schedule files
 * @param description free text for people
 * @param owner who to ask about it (a team or a person), or null
 * @param cron when it fires, or null for a schedule that only runs when triggered
 * @param timezone the zone its cron is read in
 * @param commands dbt argument lists, without the leading {@code dbt}, run in order
 * @param project where the dbt project lives
 * @param target dbt target, or null for the profile's default
 * @param env extra environment variables of its dbt processes: literal values or secret references
 * @param timeout limit of a whole run, or null for the runner's default
 * @param retries how often a failed run is tried again
 * @param concurrency what a tick does while an earlier run still runs
 * @param catchUp which ticks missed during downtime are fired after it
 * @param triggerOnCompletion the schedule whose completion fires this one, or null
 * @param notifications webhooks to call on failure, success and SLA miss
 * @param sla how long after its tick a run must have succeeded, or null
 * @param runtimeVariableAliases extra names of Ferry's runtime variables for models written for other schedulers
 * @param onMerge the git branch whose merges fire this schedule, or null
 * @param deferTo the schedule whose latest manifest this one's runs defer to, or null
 * @param source the file and line that defined it
 * @param continueOnFailure positions (from 0) in {@code commands} of the commands whose failure
 *     does not stop the run; the run still fails
 */
public record Schedule(
    String workspace,
    String name,
    String description,
    String owner,
    CronSchedule cron,
    ZoneId timezone,
    List<List<String>> commands,
    ProjectRef project,
    String target,
    Map<String, EnvValue> env,
    Duration timeout,
    RetryPolicy retries,
    ConcurrencyPolicy concurrency,
    CatchUpPolicy catchUp,
    CompletionTrigger triggerOnCompletion,
    Notifications notifications,
    Duration sla,
    Set<RuntimeVariableAlias> runtimeVariableAliases,
    String onMerge,
    String deferTo,
    Source source,
    Set<Integer> continueOnFailure) {

  public Schedule {
    continueOnFailure = continueOnFailure == null ? Set.of() : Set.copyOf(continueOnFailure);
    commands = commands.stream().map(List::copyOf).toList();
    env = env == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(env));
    retries = retries == null ? RetryPolicy.NONE : retries;
    concurrency = concurrency == null ? ConcurrencyPolicy.ALLOW : concurrency;
    catchUp = catchUp == null ? CatchUpPolicy.LATEST : catchUp;
    notifications = notifications == null ? Notifications.NONE : notifications;
    runtimeVariableAliases = runtimeVariableAliases == null ? Set.of()
        : java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(runtimeVariableAliases));
  }

  /** A schedule whose every command stops the run when it fails. */
  public Schedule(String workspace, String name, String description, String owner, CronSchedule cron, ZoneId timezone,
      List<List<String>> commands, ProjectRef project, String target, Map<String, EnvValue> env, Duration timeout,
      RetryPolicy retries, ConcurrencyPolicy concurrency, CatchUpPolicy catchUp, CompletionTrigger triggerOnCompletion,
      Notifications notifications, Duration sla, Set<RuntimeVariableAlias> runtimeVariableAliases, String onMerge,
      String deferTo, Source source) {
    this(workspace, name, description, owner, cron, timezone, commands, project, target, env, timeout, retries,
        concurrency, catchUp, triggerOnCompletion, notifications, sla, runtimeVariableAliases, onMerge, deferTo, source,
        Set.of());
  }

  /** Whether the run goes on after the command at {@code index} (from 0) fails. */
  public boolean continuesOnFailure(int index) {
    return continueOnFailure.contains(index);
  }

  /** A schedule with the required fields and every policy at its default, as a file with only those would give. */
  public static Schedule of(String workspace, String name, CronSchedule cron, ZoneId timezone,
      List<List<String>> commands, ProjectRef project, String target, Source source) {
    return new Schedule(workspace, name, "", null, cron, timezone, commands, project, target, Map.of(), null, null,
        null, null, null, null, null, null, null, null, source);
  }

  public boolean isManual() {
    return cron == null;
  }

  /** Where a dbt project lives: a git URL or an absolute path of a local repository, a ref, a folder in it. */
  public record ProjectRef(String repository, String ref, String subdirectory) {}

  /** The file and line a schedule was read from, for error messages. */
  public record Source(Path file, int line) {
    @Override
    public String toString() {
      return file + ":" + line;
    }
  }

  /**
   * How often a failed run is tried again, and how long to wait before each new attempt.
   *
   * @param count extra attempts after the first (0 to 10)
   */
  public record RetryPolicy(int count, Duration backoff) {
    public static final Duration DEFAULT_BACKOFF = Duration.ofMinutes(1);
    public static final RetryPolicy NONE = new RetryPolicy(0, DEFAULT_BACKOFF);
  }

  /**
   * Which ticks missed while no scheduler ran are fired afterwards.
   *
   * @param limit for {@link CatchUpMode#ALL}, the most missed ticks fired (the newest ones); else 0
   */
  public record CatchUpPolicy(CatchUpMode mode, int limit) {
    public static final int DEFAULT_LIMIT = 10;
    public static final CatchUpPolicy LATEST = new CatchUpPolicy(CatchUpMode.LATEST, 0);
  }

  /**
   * Fires a schedule when another one completes.
   *
   * @param schedule the schedule whose completion fires this one
   * @param statuses the outcomes of that run that fire it
   */
  public record CompletionTrigger(String schedule, Set<CompletionStatus> statuses) {
    public CompletionTrigger {
      statuses = java.util.Collections.unmodifiableSet(java.util.EnumSet.copyOf(statuses));
    }
  }

  /** Webhooks to call when a run fails, when it succeeds, and when it misses its SLA. */
  public record Notifications(List<Webhook> failure, List<Webhook> success, List<Webhook> slaMiss) {
    public static final Notifications NONE = new Notifications(List.of(), List.of(), List.of());

    public Notifications {
      failure = List.copyOf(failure);
      success = List.copyOf(success);
      slaMiss = List.copyOf(slaMiss);
    }
  }
}
