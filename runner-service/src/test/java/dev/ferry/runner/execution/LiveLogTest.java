package dev.ferry.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.events.Trigger;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class LiveLogTest {

  private record Batch(long firstLine, List<String> lines) {}

  private final List<Batch> published = new ArrayList<>();

  @Test
  void sendsFullBatchesAtOnceAndTheRestOnFlushNumberingLinesAcrossBatches() {
    LiveLog log = new LiveLog(recording(), request(), Clock.fixed(Instant.EPOCH, ZoneOffset.UTC));

    for (int i = 1; i <= LiveLog.MAX_BATCH + 3; i++) {
      log.add("line " + i);
    }
    assertThat(published).singleElement().satisfies(b -> {
      assertThat(b.firstLine()).isEqualTo(1);
      assertThat(b.lines()).hasSize(LiveLog.MAX_BATCH).startsWith("line 1");
    });

    log.flush();
    log.flush();

    assertThat(published).hasSize(2);
    assertThat(published.get(1).firstLine()).isEqualTo(LiveLog.MAX_BATCH + 1);
    assertThat(published.get(1).lines()).containsExactly("line " + (LiveLog.MAX_BATCH + 1),
        "line " + (LiveLog.MAX_BATCH + 2), "line " + (LiveLog.MAX_BATCH + 3));
  }

  private RunEvents recording() {
    return new RunEvents() {
      @Override
      public void started(RunRequest request, Instant startedAt, String gitSha) {}

      @Override
      public void heartbeat(RunRequest request, Instant at) {}

      @Override
      public void logLines(RunRequest request, long firstLine, List<String> lines, Instant at) {
        published.add(new Batch(firstLine, lines));
      }

      @Override
      public void completed(RunRequest request, RunOutcome outcome) {}

      @Override
      public void completedWithArtifactsKept(RunRequest request, RunOutcome failed, RunOutcome owed,
          java.nio.file.Path runDir, Map<String, java.nio.file.Path> files) {}

      @Override
      public boolean owesCompletion(java.nio.file.Path runDir) {
        return false;
      }

      @Override
      public boolean republishCompletion(RunRequest request) {
        return false;
      }
    };
  }

  private static RunRequest request() {
    return new RunRequest("run-1", "default", "nightly", Trigger.MANUAL, 1, Instant.EPOCH, List.of(new RunRequest.Command(List.of("build"), false)),
        new RunRequest.Project("https://example.com/a.git", "main", null), null, null, null, "ana", Map.of(), Map.of(),
        null, List.of(), null);
  }
}
