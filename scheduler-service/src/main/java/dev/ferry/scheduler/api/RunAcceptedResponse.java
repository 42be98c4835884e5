package dev.ferry.scheduler.api;

import java.time.Instant;

/**
 * Answer to a trigger: the run is on Kafka and will be picked up by a runner.
 *
 * @param overrides the fields of the schedule the trigger changed for this run ({@code commands}, {@code gitRef}, ...)
 */
record RunAcceptedResponse(String runId, String workspace, String schedule, String trigger, String status,
    Instant requestedAt, java.util.List<String> overrides) {}
