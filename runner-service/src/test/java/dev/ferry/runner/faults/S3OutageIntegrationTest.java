package dev.ferry.runner.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.events.ArtifactRef;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStarted;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Topics;
import dev.ferry.testing.KafkaProbe;
import dev.ferry.testing.SharedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The artifact store goes away for 30 seconds while a run stores its artifacts: the runner keeps
 * trying, loses no artifact, and publishes RunCompleted only once every one is stored.
 */
@Tag("integration")
class S3OutageIntegrationTest {

  private static final String PREFIX = SharedInfrastructure.uniqueTopicPrefix();
  private static final String BUCKET = "outage-test";
  private static final Duration OUTAGE = Duration.ofSeconds(30);

  @TempDir
  Path tmp;

  @Test
  void aRunOutlastsAThirtySecondS3OutageAndStoresEveryArtifact() throws Exception {
    FakeDbtRunner fake = new FakeDbtRunner(tmp, "2");
    Topics topics = Topics.withPrefix(PREFIX);
    RunRequested request = fake.request().build();

    try (RestartableS3 s3 = new RestartableS3(tmp, BUCKET);
        ConfigurableApplicationContext runner = fake.start(PREFIX, "outage-test", s3.endpoint(), BUCKET)) {
      MeterRegistry meters = runner.getBean(MeterRegistry.class);
      KafkaProbe.send(topics.runRequested(), "default/nightly", request);
      KafkaProbe.awaitRecord(topics.runEvents(),
          r -> r.value() instanceof RunStarted started && started.getRunId().equals(request.getRunId()));
      s3.stop();
      Instant down = Instant.now();

      await().atMost(OUTAGE.plusSeconds(30))
          .until(() -> meters.counter("ferry.runner.upload.retries").count() >= 2
              && Duration.between(down, Instant.now()).compareTo(OUTAGE) >= 0);
      assertThat(KafkaProbe.readAll(topics.runCompleted()).stream()
          .filter(r -> r.value().getRunId().equals(request.getRunId()))).as("no completion while S3 is away").isEmpty();
      s3.start();

      RunCompleted completed = KafkaProbe.awaitRecord(topics.runCompleted(),
          r -> r.value().getRunId().equals(request.getRunId())).value();
      assertThat(completed.getStatus()).as(completed.getMessage()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(completed.getArtifacts()).extracting(ArtifactRef::getName)
          .contains("manifest.json", "run_results.json", "dbt.log", "ferry.log");
      try (S3Client client = s3.client()) {
        for (ArtifactRef artifact : completed.getArtifacts()) {
          String key = artifact.getUri().substring(("s3://" + BUCKET + "/").length());
          assertThat(client.headObject(h -> h.bucket(BUCKET).key(key)).contentLength()).as(artifact.getName())
              .isEqualTo(artifact.getSizeBytes());
        }
      }
    }
  }
}
