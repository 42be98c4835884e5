package dev.ferry.runner.execution;

import dev.ferry.runner.artifacts.StoredArtifact;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What the runners did, for dashboards and alerts: runs by schedule and status, how long they
 * took (a histogram, so percentiles aggregate across runners), and the artifacts stored.
 */
@Component
class RunMetrics {

  private final MeterRegistry meters;

  RunMetrics(MeterRegistry meters) {
    this.meters = meters;
  }

  void completed(RunRequest request, RunOutcome outcome, List<StoredArtifact> artifacts) {
    String status = outcome.status().name();
    Counter.builder("ferry.runs").description("Runs this runner finished, by schedule and status")
        .tags("workspace", request.workspace(), "schedule", request.schedule(), "status", status)
        .register(meters).increment();
    Timer.builder("ferry.run.duration").description("From a run's start to its end, uploads included")
        .tags("workspace", request.workspace(), "schedule", request.schedule(), "status", status)
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofSeconds(1)).maximumExpectedValue(Duration.ofHours(6))
        .register(meters).record(Duration.between(outcome.startedAt(), outcome.finishedAt()));
    for (StoredArtifact artifact : artifacts) {
      Counter.builder("ferry.artifact.uploads").description("Artifacts stored in S3").tag("artifact", artifact.name())
          .register(meters).increment();
      Counter.builder("ferry.artifact.upload.bytes").description("Bytes of artifacts stored in S3, as stored")
          .baseUnit("bytes").register(meters).increment(artifact.sizeBytes());
    }
  }
}
