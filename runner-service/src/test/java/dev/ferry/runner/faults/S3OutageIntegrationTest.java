package dev.ferry.runner.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.embedded.FreePorts;
import dev.ferry.embedded.InProcessS3;
import dev.ferry.events.ArtifactRef;
import dev.ferry.events.DbtCommand;
import dev.ferry.events.ProjectSource;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStarted;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Topics;
import dev.ferry.runner.RunnerApplication;
import dev.ferry.testing.Events;
import dev.ferry.testing.FerryHome;
import dev.ferry.testing.GitRepos;
import dev.ferry.testing.KafkaProbe;
import dev.ferry.testing.SharedInfrastructure;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
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
    Path repo = tmp.resolve("analytics");
    GitRepos.copyExample(repo);
    GitRepos.commitCopy(repo, repo);
    Path manifest = FerryHome.corpus("manifest__v12__jaffle_shop__manifest_1.11.json");
    Path fakeDbt = Files.writeString(tmp.resolve("dbt"), """
        #!/bin/sh
        # Stands in for dbt: takes a moment (so S3 is gone by the time the run uploads), then
        # writes the artifacts a build leaves.
        sleep 2
        mkdir -p target logs
        cp '%s' target/manifest.json
        echo '{"metadata": {"dbt_version": "1.11.16"}, "results": [], "elapsed_time": 0.1}' > target/run_results.json
        echo "dbt $*" >> logs/dbt.log
        """.formatted(manifest));
    Files.setPosixFilePermissions(fakeDbt, PosixFilePermissions.fromString("rwxr-xr-x"));
    int port = FreePorts.next();
    Path s3Data = Files.createDirectories(tmp.resolve("s3"));
    InProcessS3 s3 = InProcessS3.start(s3Data, port, SharedInfrastructure.ACCESS_KEY, SharedInfrastructure.SECRET_KEY);
    s3.ensureBucket(BUCKET);
    Topics topics = Topics.withPrefix(PREFIX);
    RunRequested request = Events.aRunRequested().setCommands(List.of(new DbtCommand(List.of("build"))))
        .setProject(new ProjectSource(repo.toString(), "main", GitRepos.EXAMPLE_SUBDIRECTORY)).build();

    try (ConfigurableApplicationContext runner = RunnerApplication.builder().run("--server.port=0",
        "--spring.kafka.bootstrap-servers=" + SharedInfrastructure.kafka().bootstrapServers(),
        "--ferry.kafka.topic-prefix=" + PREFIX, "--ferry.runner.group-id=outage-test",
        "--ferry.s3.endpoint=" + s3.endpoint(), "--ferry.s3.bucket=" + BUCKET,
        "--ferry.s3.access-key=" + SharedInfrastructure.ACCESS_KEY, "--ferry.s3.secret-key=" + SharedInfrastructure.SECRET_KEY,
        "--ferry.runner.dbt-executable=" + fakeDbt, "--ferry.runner.work-dir=" + tmp.resolve("work"))) {
      MeterRegistry meters = runner.getBean(MeterRegistry.class);
      KafkaProbe.send(topics.runRequested(), "default/nightly", request);
      KafkaProbe.awaitRecord(topics.runEvents(),
          r -> r.value() instanceof RunStarted started && started.getRunId().equals(request.getRunId()));
      s3.close();
      Instant down = Instant.now();

      await().atMost(OUTAGE.plusSeconds(30))
          .until(() -> meters.counter("ferry.runner.upload.retries").count() >= 2
              && Duration.between(down, Instant.now()).compareTo(OUTAGE) >= 0);
      assertThat(KafkaProbe.readAll(topics.runCompleted()).stream()
          .filter(r -> r.value().getRunId().equals(request.getRunId()))).as("no completion while S3 is away").isEmpty();
      s3 = InProcessS3.start(s3Data, port, SharedInfrastructure.ACCESS_KEY, SharedInfrastructure.SECRET_KEY);

      RunCompleted completed = KafkaProbe.awaitRecord(topics.runCompleted(),
          r -> r.value().getRunId().equals(request.getRunId())).value();
      assertThat(completed.getStatus()).as(completed.getMessage()).isEqualTo(RunStatus.SUCCEEDED);
      assertThat(completed.getArtifacts()).extracting(ArtifactRef::getName)
          .contains("manifest.json", "run_results.json", "dbt.log", "ferry.log");
      try (S3Client client = SharedInfrastructure.s3Client(s3.endpoint(), SharedInfrastructure.ACCESS_KEY,
          SharedInfrastructure.SECRET_KEY)) {
        for (ArtifactRef artifact : completed.getArtifacts()) {
          String key = artifact.getUri().substring(("s3://" + BUCKET + "/").length());
          assertThat(client.headObject(h -> h.bucket(BUCKET).key(key)).contentLength()).as(artifact.getName())
              .isEqualTo(artifact.getSizeBytes());
        }
      }
    } finally {
      s3.close();
    }
  }
}
