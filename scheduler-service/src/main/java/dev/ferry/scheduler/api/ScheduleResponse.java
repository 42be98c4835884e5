package dev.ferry.scheduler.api;

import dev.ferry.events.Redaction;
import dev.ferry.scheduler.suspend.Suspension;
import dev.ferry.schedules.CatchUpMode;
import dev.ferry.schedules.CompletionStatus;
import dev.ferry.schedules.Durations;
import dev.ferry.schedules.EnvValue;
import dev.ferry.schedules.RuntimeVariableAlias;
import dev.ferry.schedules.Schedule;
import dev.ferry.schedules.Webhook;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A schedule as the API shows it. Durations are written as in the file ({@code 1h30m}); a secret
 * shows as {@code {"secret": NAME}}, and a webhook URL only by scheme and host, since chat webhooks
 * carry their token in the path.
 */
record ScheduleResponse(
    String workspace,
    String name,
    String description,
    String owner,
    String schedule,
    String timezone,
    Instant nextFireAt,
    List<String> commands,
    List<Integer> continueOnFailure,
    Project project,
    String target,
    Map<String, Object> env,
    String timeout,
    Retries retries,
    String concurrency,
    CatchUp catchUp,
    TriggerOnCompletion triggerOnCompletion,
    Notifications notifications,
    String sla,
    List<String> runtimeVariableAliases,
    String onMerge,
    String deferTo,
    boolean suspended,
    Suspended suspension) {

  /** How the schedule is suspended; {@code until} null lasts until a resume. */
  record Suspended(Instant since, Instant until, String reason, String requestedBy) {}

  record Project(String repository, String ref, String subdirectory) {}

  record Retries(int count, String backoff) {}

  /** @param limit for mode {@code all}, the most missed ticks fired; else null */
  record CatchUp(String mode, Integer limit) {}

  record TriggerOnCompletion(String schedule, List<String> statuses) {}

  record Notifications(List<Object> failure, List<Object> success, List<Object> slaMiss) {}

  static ScheduleResponse of(Schedule s, Instant nextFireAt, Suspension suspension) {
    return new ScheduleResponse(s.workspace(), s.name(), s.description(), s.owner(),
        s.isManual() ? "manual" : s.cron().expression(), s.timezone().getId(), nextFireAt,
        s.commands().stream().map(args -> "dbt " + String.join(" ", args)).toList(),
        java.util.stream.IntStream.range(0, s.commands().size()).filter(s::continuesOnFailure).boxed().toList(),
        new Project(Redaction.urls(s.project().repository()), s.project().ref(), s.project().subdirectory()), s.target(),
        env(s.env()), duration(s.timeout()),
        new Retries(s.retries().count(), duration(s.retries().backoff())), s.concurrency().yamlName(),
        new CatchUp(s.catchUp().mode().yamlName(), s.catchUp().mode() == CatchUpMode.ALL ? s.catchUp().limit() : null),
        s.triggerOnCompletion() == null ? null : new TriggerOnCompletion(s.triggerOnCompletion().schedule(),
            s.triggerOnCompletion().statuses().stream().map(CompletionStatus::yamlName).toList()),
        new Notifications(webhooks(s.notifications().failure()), webhooks(s.notifications().success()),
            webhooks(s.notifications().slaMiss())),
        duration(s.sla()), s.runtimeVariableAliases().stream().map(RuntimeVariableAlias::yamlName).toList(),
        s.onMerge(), s.deferTo(), suspension != null, suspension == null ? null
            : new Suspended(suspension.suspendedAt(), suspension.until(), suspension.reason(), suspension.requestedBy()));
  }

  private static Map<String, Object> env(Map<String, EnvValue> env) {
    Map<String, Object> shown = new LinkedHashMap<>();
    env.forEach((name, value) -> shown.put(name, switch (value) {
      case EnvValue.Literal literal -> literal.value();
      case EnvValue.SecretRef secret -> Map.of("secret", secret.name());
    }));
    return shown;
  }

  private static List<Object> webhooks(List<Webhook> webhooks) {
    return webhooks.stream().<Object>map(webhook -> switch (webhook) {
      case Webhook.Url url -> url.redacted();
      case Webhook.Secret secret -> Map.of("secret", secret.name());
    }).toList();
  }

  private static String duration(Duration duration) {
    return duration == null ? null : Durations.format(duration);
  }
}
