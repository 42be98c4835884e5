package dev.ferry.scheduler.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.events.RunCancelRequested;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStarted;
import dev.ferry.events.Topics;
import dev.ferry.scheduler.SchedulerApplication;
import dev.ferry.scheduler.firing.TickFiring;
import dev.ferry.testing.Clocks;
import dev.ferry.testing.KafkaProbe;
import dev.ferry.testing.SharedInfrastructure;
import java.time.Duration;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The scheduler service on a real broker fires every tick of a {@code concurrency: replace}
 * schedule, and with a tick that finds a run still in progress it asks the runners, in the same
 * transaction, to cancel that run. Time runs 30 times faster once the replica owns the schedule.
 */
@Tag("integration")
@SpringBootTest(classes = SchedulerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {"spring.config.name=scheduler",
        "ferry.scheduler.schedules-file=src/test/resources/schedules/replace/ferry_schedules.yml"})
@Import(FastFiringTime.class)
class ConcurrencyReplaceIntegrationTest {

  private static final String PREFIX = SharedInfrastructure.uniqueTopicPrefix();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedInfrastructure.serviceProperties(PREFIX, "scheduler-replace-test").forEach(registry::add);
  }

  @Autowired
  Topics topics;

  @Autowired
  TickFiring firing;

  @Autowired
  Clocks.FastClock clock;

  @Test
  void aTickThatFindsARunInProgressCancelsItAndFiresItsOwnRun() {
    await().atMost(Duration.ofSeconds(60)).until(() -> firing.ownedSchedules() == 1);
    clock.run();
    RunRequested first = KafkaProbe.awaitRecord(topics.runRequested(),
        r -> r.value().getSchedule().equals("latest-wins")).value();
    KafkaProbe.send(topics.runEvents(), first.getRunId(), RunStarted.newBuilder().setRunId(first.getRunId())
        .setWorkspace("default").setSchedule("latest-wins").setStartedAt(clock.instant()).setWorker("runner-1").build());

    RunCancelRequested cancel = KafkaProbe.awaitRecord(topics.runControl(),
        r -> r.value().getRunId().equals(first.getRunId())).value();
    RunRequested replacement = KafkaProbe.awaitRecord(topics.runRequested(),
        r -> r.value().getSchedule().equals("latest-wins") && !r.value().getRunId().equals(first.getRunId())).value();

    assertThat(cancel.getRequestedBy()).startsWith("scheduler (concurrency: replace");
    assertThat(replacement.getScheduledTick()).isAfter(first.getScheduledTick());
    assertThat(KafkaProbe.readAllCommitted(topics.schedulerTicks())).extracting(r -> r.value().getSkipped())
        .as("replace never skips a tick").doesNotContain("concurrency");
  }
}
