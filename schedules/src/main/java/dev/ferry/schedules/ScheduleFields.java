package dev.ferry.schedules;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The keys {@code ferry_schedules.yml} knows, per mapping. The reader refuses any other key, and
 * a test keeps {@code schemas/ferry_schedules.schema.json} naming exactly these.
 */
public final class ScheduleFields {

  public static final List<String> FILE = List.of("schedules");
  public static final List<String> SCHEDULE = List.of("name", "description", "owner", "schedule", "timezone",
      "commands", "project", "target", "env", "timeout", "retries", "concurrency", "catch_up",
      "trigger_on_completion", "notifications", "sla", "runtime_variable_aliases", "on_merge", "defer_to");
  public static final List<String> REQUIRED = List.of("name", "schedule", "commands", "project");
  public static final List<String> PROJECT = List.of("repository", "ref", "subdirectory");
  /** A command written as a mapping rather than a plain command line. */
  public static final List<String> COMMAND = List.of("command", "continue_on_failure");
  public static final List<String> RETRIES = List.of("count", "backoff");
  public static final List<String> CATCH_UP = List.of("mode", "limit");
  public static final List<String> TRIGGER_ON_COMPLETION = List.of("schedule", "statuses");
  public static final List<String> NOTIFICATIONS = List.of("failure", "success", "sla_miss");
  /** A reference to a secret, as an env value or a webhook. */
  public static final List<String> SECRET = List.of("secret");

  /**
   * Where in the file each set of keys applies, as paths such as {@code schedules[].project}
   * ({@code []} an item of a list, {@code *} the value of any key).
   */
  public static final Map<String, List<String>> BY_PATH = byPath();

  /** The value of {@code schedule} for a schedule that fires only when triggered. */
  public static final String MANUAL = "manual";

  private ScheduleFields() {}

  private static Map<String, List<String>> byPath() {
    Map<String, List<String>> paths = new LinkedHashMap<>();
    paths.put("", FILE);
    paths.put("schedules[]", SCHEDULE);
    paths.put("schedules[].project", PROJECT);
    paths.put("schedules[].commands[]", COMMAND);
    paths.put("schedules[].env.*", SECRET);
    paths.put("schedules[].retries", RETRIES);
    paths.put("schedules[].catch_up", CATCH_UP);
    paths.put("schedules[].trigger_on_completion", TRIGGER_ON_COMPLETION);
    paths.put("schedules[].notifications", NOTIFICATIONS);
    for (String kind : NOTIFICATIONS) {
      paths.put("schedules[].notifications." + kind + "[]", SECRET);
    }
    return java.util.Collections.unmodifiableMap(paths);
  }
}
