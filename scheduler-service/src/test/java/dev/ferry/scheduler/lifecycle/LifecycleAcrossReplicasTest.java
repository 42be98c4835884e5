package dev.ferry.scheduler.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStarted;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Topic;
import dev.ferry.events.Topics;
import dev.ferry.scheduler.SchedulerApplication;
import dev.ferry.scheduler.api.FastFiringTime;
import dev.ferry.scheduler.firing.TickFiring;
import dev.ferry.testing.Clocks;
import dev.ferry.testing.Events;
import dev.ferry.testing.KafkaProbe;
import dev.ferry.testing.SharedInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two scheduler services, each a whole Spring application on the shared broker, in one consumer
 * group: a run whose worker goes silent is marked LOST once and retried once, even when the
 * replica that marked it LOST stops before the retry is due and the other takes its partition
 * over. The test stands in for the runner.
 */
@Tag("integration")
class LifecycleAcrossReplicasTest {

  private static final String PREFIX = SharedInfrastructure.uniqueTopicPrefix();
  private static final String KEY = "default/flaky";

  private final List<ConfigurableApplicationContext> replicas = new ArrayList<>();
  private final Topics topics = Topics.withPrefix(PREFIX);

  @AfterEach
  void stopReplicas() {
    replicas.forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void aLostRunIsMarkedLostOnceAndRetriedOnceWhenItsOwnerStopsInBetween() {
    ConfigurableApplicationContext first = start();
    ConfigurableApplicationContext second = start();
    await().atMost(Duration.ofSeconds(90)).untilAsserted(() -> {
      assertThat(owned(first)).isNotEmpty();
      assertThat(owned(second)).isNotEmpty();
      assertThat(owned(first).size() + owned(second).size()).isEqualTo(topics.schedulerTicks().partitions());
    });
    replicas.forEach(replica -> replica.getBean(Clocks.FastClock.class).run());
    int partition = Topic.partitionOf(KEY, topics.schedulerTicks().partitions());
    ConfigurableApplicationContext owner = owned(first).contains(partition) ? first : second;
    Clocks.FastClock clock = owner.getBean(Clocks.FastClock.class);

    String runId = Events.aRunId();
    KafkaProbe.send(topics.runRequested(), KEY, Events.aRunRequested().setRunId(runId).setSchedule("flaky")
        .setRequestedAt(clock.instant()).build());
    KafkaProbe.send(topics.runEvents(), runId, RunStarted.newBuilder().setRunId(runId).setWorkspace("default")
        .setSchedule("flaky").setStartedAt(clock.instant()).setWorker("runner-9").build());
    KafkaProbe.awaitRecord(topics.runCompleted(), r -> r.value().getRunId().equals(runId));
    owner.close();
    KafkaProbe.awaitRecord(topics.runRequested(), r -> r.value().getRunId().equals(runId) && r.value().getAttempt() == 2);

    await().during(Duration.ofSeconds(4)).atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
      assertThat(committedCompletions(runId)).extracting(RunCompleted::getStatus).containsExactly(RunStatus.LOST);
      assertThat(committedRequests(runId)).extracting(RunRequested::getAttempt).containsExactly(1, 2);
    });
  }

  private List<RunCompleted> committedCompletions(String runId) {
    return KafkaProbe.readAllCommitted(topics.runCompleted()).stream().map(ConsumerRecord::value)
        .filter(r -> r.getRunId().equals(runId)).toList();
  }

  private List<RunRequested> committedRequests(String runId) {
    return KafkaProbe.readAllCommitted(topics.runRequested()).stream().map(ConsumerRecord::value)
        .filter(r -> r.getRunId().equals(runId)).toList();
  }

  private static java.util.Set<Integer> owned(ConfigurableApplicationContext replica) {
    return replica.isActive() ? replica.getBean(TickFiring.class).ownedPartitions() : java.util.Set.of();
  }

  /** A replica; its settings are command-line arguments, so that they win over {@code scheduler.yml}. */
  private ConfigurableApplicationContext start() {
    Map<String, Object> properties = new HashMap<>();
    SharedInfrastructure.serviceProperties(PREFIX, "scheduler-lifecycle-replicas-test")
        .forEach((name, value) -> properties.put(name, value.get()));
    properties.put("server.port", 0);
    properties.put("ferry.scheduler.schedules-file", "src/test/resources/schedules/lifecycle/ferry_schedules.yml");
    properties.put("ferry.scheduler.lost-after", "1m");
    String[] args = properties.entrySet().stream().map(e -> "--" + e.getKey() + "=" + e.getValue()).toArray(String[]::new);
    ConfigurableApplicationContext replica = SchedulerApplication.builder().sources(FastFiringTime.class).run(args);
    replicas.add(replica);
    return replica;
  }
}
