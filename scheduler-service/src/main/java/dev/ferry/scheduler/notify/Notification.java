package dev.ferry.scheduler.notify;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.Map;

/**
 * The JSON body of a webhook call; docs/notifications.md shows an example. Null fields are left out.
 *
 * @param event {@code failure}, {@code success} or {@code sla_miss}
 * @param status the run's status when the notification was decided (for an SLA miss possibly still RUNNING)
 * @param trigger lower case, as {@code FERRY_SCHEDULE_TRIGGER} writes it
 * @param slaDeadline for {@code sla_miss}: the tick plus the schedule's {@code sla}
 * @param links {@code run}: the run in the scheduler's API
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Notification(String event, String workspace, String schedule, String runId, int attempt,
    String status, String trigger, Instant scheduledTick, Instant requestedAt, Instant startedAt, Instant finishedAt,
    Instant slaDeadline, String message, Map<String, String> links) {}
