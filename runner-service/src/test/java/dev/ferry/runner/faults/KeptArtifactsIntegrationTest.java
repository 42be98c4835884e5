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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The artifact store stays away past the run's upload bound: the run ends FAILED saying its files
 * are kept, and when the store is back the runner's sweep stores them and publishes the completion
 * the run owes, once.
 */
@Tag("integration")
class KeptArtifactsIntegrationTest {

  private static final String PREFIX = SharedInfrastructure.uniqueTopicPrefix();
  private static final String BUCKET = "kept-test";

  @TempDir
  Path tmp;

  @Test
  void artifactsKeptThroughALongOutageAreStoredLaterAndTheOwedCompletionArrivesOnce() throws Exception {
    FakeDbtRunner fake = new FakeDbtRunner(tmp, "1");
    Topics topics = Topics.withPrefix(PREFIX);
    RunRequested request = fake.request().build();
    Path kept = tmp.resolve("work").resolve(request.getRunId());

    try (RestartableS3 s3 = new RestartableS3(tmp, BUCKET);
        ConfigurableApplicationContext runner = fake.start(PREFIX, "kept-test", s3.endpoint(), BUCKET,
        "--ferry.runner.upload-retry-for=2s", "--ferry.runner.kept-retry-interval=1s")) {
      MeterRegistry meters = runner.getBean(MeterRegistry.class);
      KafkaProbe.send(topics.runRequested(), "default/nightly", request);
      KafkaProbe.awaitRecord(topics.runEvents(),
          r -> r.value() instanceof RunStarted started && started.getRunId().equals(request.getRunId()));
      s3.stop();

      RunCompleted failed = KafkaProbe.awaitRecord(topics.runCompleted(),
          r -> r.value().getRunId().equals(request.getRunId())).value();
      assertThat(failed.getStatus()).isEqualTo(RunStatus.FAILED);
      assertThat(failed.getMessage()).startsWith("artifacts not stored").contains("kept in " + kept);
      assertThat(failed.getArtifacts()).isEmpty();
      assertThat(kept.resolve("ferry.log")).exists();
      await().atMost(Duration.ofSeconds(30)).until(() -> meters.get("ferry.runner.kept.runs").gauge().value() == 1);

      s3.start();
      await().atMost(Duration.ofSeconds(60)).until(() -> completions(topics, request).size() == 2);
      await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(kept));
      double sweeps = meters.counter("ferry.runner.kept.sweeps").count();
      await().atMost(Duration.ofSeconds(30)).until(() -> meters.counter("ferry.runner.kept.sweeps").count() >= sweeps + 2);

      List<RunCompleted> completions = completions(topics, request);
      assertThat(completions).as("the failure, then the owed completion, once").hasSize(2);
      RunCompleted owed = completions.getLast();
      assertThat(owed.getStatus()).as("how dbt ended").isEqualTo(RunStatus.SUCCEEDED);
      assertThat(owed.getMessage()).isNull();
      assertThat(owed.getCommands()).isEqualTo(failed.getCommands());
      assertThat(owed.getArtifacts()).extracting(ArtifactRef::getName)
          .containsExactly("manifest.json", "run_results.json", "dbt.log", "ferry.log");
      assertThat(meters.counter("ferry.runner.kept.stored").count()).isEqualTo(1);
      assertThat(meters.get("ferry.runner.kept.runs").gauge().value()).isZero();
      try (S3Client client = s3.client()) {
        for (ArtifactRef artifact : owed.getArtifacts()) {
          String key = artifact.getUri().substring(("s3://" + BUCKET + "/").length());
          assertThat(client.headObject(h -> h.bucket(BUCKET).key(key)).contentLength()).as(artifact.getName())
              .isEqualTo(artifact.getSizeBytes());
        }
      }
    }
  }

  private static List<RunCompleted> completions(Topics topics, RunRequested request) {
    return KafkaProbe.readAll(topics.runCompleted()).stream().map(ConsumerRecord::value)
        .filter(c -> c.getRunId().equals(request.getRunId())).toList();
  }
}
