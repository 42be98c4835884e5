package dev.ferry.scheduler.trigger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class TickRunIdsTest {

  private static final Instant TICK = Instant.parse("2026-11-25T02:00:00Z");

  @Test
  void theSameTickAlwaysGetsTheSameRunId() {
    assertThat(TickRunIds.forTick("default", "nightly", TICK)).isEqualTo(TickRunIds.forTick("default", "nightly", TICK));
  }

  @Test
  void anotherTickScheduleOrWorkspaceGetsAnotherRunId() {
    String id = TickRunIds.forTick("default", "nightly", TICK);

    assertThat(TickRunIds.forTick("default", "nightly", TICK.plusSeconds(86_400))).isNotEqualTo(id);
    assertThat(TickRunIds.forTick("default", "hourly", TICK)).isNotEqualTo(id);
    assertThat(TickRunIds.forTick("acme", "nightly", TICK)).isNotEqualTo(id);
  }

  @Test
  void aCommitGetsOneRunIdPerScheduleApartFromEveryTicks() {
    String sha = "0d1a26e67d8f5eaf1f6ba5c57fc3c7d91ac0fd1c";

    assertThat(TickRunIds.forCommit("default", "deploy", sha)).isEqualTo(TickRunIds.forCommit("default", "deploy", sha))
        .isNotEqualTo(TickRunIds.forCommit("default", "deploy-docs", sha))
        .isNotEqualTo(TickRunIds.forCommit("default", "deploy", "9b3e1f2a7c4d5e6f708192a3b4c5d6e7f8091a2b"))
        .matches(dev.ferry.events.SafeNames.RUN_ID.pattern());
  }

  @Test
  void isAVersion5UuidInCanonicalForm() {
    UUID id = UUID.fromString(TickRunIds.forTick("default", "nightly", TICK));

    assertThat(id.version()).isEqualTo(5);
    assertThat(id.variant()).isEqualTo(2);
    assertThat(id.toString()).isEqualTo(TickRunIds.forTick("default", "nightly", TICK));
  }

  @Test
  void matchesTheRfcVersion5Construction() {
    // RFC 9562 appendix A.4: DNS namespace, name "www.example.com".
    UUID dns = UUID.fromString("6ba7b810-9dad-11d1-80b4-00c04fd430c8");

    assertThat(TickRunIds.nameBased(dns, "www.example.com"))
        .isEqualTo(UUID.fromString("2ed6657d-e927-568b-95e1-2665a8aea6a2"));
  }
}
