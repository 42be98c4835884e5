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
            "acme-run.control", "acme-run.logs", "acme-scheduler.ticks");
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
  void refusesAPrefixThatWouldRunIntoTheName() {
    assertThatThrownBy(() -> Topics.withPrefix("ferry")).hasMessageContaining("must be letters");
  }

  @Test
  void scheduleKeyRoundTripsAndRefusesUnsafeNames() {
    assertThat(ScheduleKey.parse("default/nightly")).isEqualTo(new ScheduleKey("default", "nightly"));
    assertThat(new ScheduleKey("default", "nightly").toString()).isEqualTo("default/nightly");
    assertThatThrownBy(() -> ScheduleKey.parse("default/../x")).hasMessageContaining("schedule '../x'");
  }
}
