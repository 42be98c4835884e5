package dev.ferry.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TopicsTest {

  @Test
  void namesEveryTopicUnderThePrefix() {
    assertThat(Topics.withPrefix("acme-").all()).extracting(Topic::name)
        .containsExactly("acme-run.requested", "acme-run.events", "acme-run.completed", "acme-manifests",
            "acme-run.control", "acme-run.logs", "acme-scheduler.ticks", "acme-scheduler.suspensions");
  }

  @Test
  void deadLetterTopicFollowsSpringKafkasDefaultName() {
    assertThat(Topics.defaults().runRequested().deadLetterName()).isEqualTo("ferry.run.requested-dlt");
  }

  @Test
  void manifestPointersAreCompacted() {
    assertThat(Topics.defaults().manifests().config()).containsEntry("cleanup.policy", "compact");
  }

  @Test
  void schedulerTicksAreCompactedAndKeyedBySchedule() {
    assertThat(Topics.defaults().schedulerTicks().config()).containsEntry("cleanup.policy", "compact");
    assertThat(Topics.defaults().schedulerTicks().key()).isEqualTo("workspace/schedule");
  }

  @Test
  void suspensionsAreCompactedKeyedByScheduleAndTakeTombstones() {
    Topic<ScheduleSuspension> suspensions = Topics.defaults().schedulerSuspensions();
    assertThat(suspensions.config()).containsEntry("cleanup.policy", "compact");
    assertThat(suspensions.key()).isEqualTo("workspace/schedule");
    assertThat(suspensions.tombstones()).isTrue();
  }

  @Test
  void refusesAPrefixThatWouldRunIntoTheName() {
    assertThatThrownBy(() -> Topics.withPrefix("ferry")).hasMessageContaining("must be letters");
  }

  @Test
  void scheduleKeyRoundTripsAndRefusesUnsafeNames() {
    assertThat(ScheduleKey.parse("default/nightly")).isEqualTo(new ScheduleKey("default", "nightly"));
    assertThat(new ScheduleKey("default", "nightly").toString()).isEqualTo("default/nightly");
    assertThatThrownBy(() -> ScheduleKey.parse("default/../x")).hasMessageContaining("schedule '../x'");
  }

  @Test
  void aKeysPartitionIsTheOneKafkasDefaultPartitionerPicks() {
    for (String key : java.util.List.of("default/nightly", "analytics/hourly", "0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11")) {
      assertThat(Topic.partitionOf(key, 6)).as(key).isEqualTo(org.apache.kafka.clients.producer.internals.BuiltInPartitioner
          .partitionForKey(key.getBytes(java.nio.charset.StandardCharsets.UTF_8), 6));
    }
  }
}
