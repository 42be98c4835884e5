package dev.ferry.runner.faults;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Topics;
import dev.ferry.testing.KafkaProbe;
import dev.ferry.testing.SharedInfrastructure;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A runner given the scheduler's schedules file dead-letters a request, from any producer, for a
 * schedule the file does not hold, and learns of a schedule added to the file without a restart.
 */
@Tag("integration")
class UnknownScheduleIntegrationTest {

  private static final String PREFIX = SharedInfrastructure.uniqueTopicPrefix();
  private static final String BUCKET = "unknown-schedule-test";

  @TempDir
  Path tmp;

  @Test
  void aRequestForAScheduleNotInTheSchedulesFileIsDeadLetteredWithTheReason() throws Exception {
    FakeDbtRunner fake = new FakeDbtRunner(tmp, "0");
    Path schedules = Files.writeString(tmp.resolve("ferry_schedules.yml"), schedule("nightly"));
    SharedInfrastructure.s3().ensureBucket(BUCKET);
    Topics topics = Topics.withPrefix(PREFIX);
    RunRequested ghost = fake.request().setSchedule("ghost").build();
    RunRequested otherWorkspace = fake.request().setWorkspace("finance").build();
    RunRequested nightly = fake.request().build();

    try (ConfigurableApplicationContext runner = fake.start(PREFIX, "unknown-schedule-test",
        SharedInfrastructure.s3().endpoint(), BUCKET, "--ferry.runner.schedules-file=" + schedules)) {
      KafkaProbe.send(topics.runRequested(), "default/ghost", ghost);
      KafkaProbe.send(topics.runRequested(), "finance/nightly", otherWorkspace);
      KafkaProbe.send(topics.runRequested(), "default/nightly", nightly);

      assertThat(reason(deadLetter(topics, ghost))).isEqualTo("unknown schedule default/ghost: not in " + schedules);
      assertThat(reason(deadLetter(topics, otherWorkspace)))
          .isEqualTo("unknown schedule finance/nightly: not in " + schedules + " (which holds workspace default)");
      assertThat(completion(topics, nightly).getStatus()).isEqualTo(RunStatus.SUCCEEDED);

      Files.writeString(schedules, schedule("nightly") + schedule("ghost").replace("schedules:\n", ""));
      RunRequested ghostNow = fake.request().setSchedule("ghost").build();
      KafkaProbe.send(topics.runRequested(), "default/ghost", ghostNow);

      assertThat(completion(topics, ghostNow).getStatus()).as("the file was read again").isEqualTo(RunStatus.SUCCEEDED);
    }
    assertThat(KafkaProbe.readAll(topics.runCompleted())).extracting(r -> r.value().getRunId())
        .doesNotContain(ghost.getRunId(), otherWorkspace.getRunId());
  }

  private static String schedule(String name) {
    return """
        schedules:
          - name: %s
            schedule: "@daily"
            commands: [dbt build]
            project: {repository: "https://example.com/analytics.git"}
        """.formatted(name);
  }

  private static ConsumerRecord<String, byte[]> deadLetter(Topics topics, RunRequested request) {
    return KafkaProbe.awaitRawRecord(topics.runRequested().deadLetterName(),
        r -> new String(r.value(), StandardCharsets.ISO_8859_1).contains(request.getRunId()));
  }

  private static RunCompleted completion(Topics topics, RunRequested request) {
    return KafkaProbe.awaitRecord(topics.runCompleted(), r -> r.value().getRunId().equals(request.getRunId())).value();
  }

  private static String reason(ConsumerRecord<String, byte[]> record) {
    return new String(record.headers().lastHeader("ferry-dlt-reason").value(), StandardCharsets.UTF_8);
  }
}
