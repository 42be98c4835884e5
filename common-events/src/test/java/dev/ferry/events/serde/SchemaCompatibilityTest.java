package dev.ferry.events.serde;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.events.Topic;
import dev.ferry.events.Topics;
import java.util.List;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.apache.avro.SchemaNormalization;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every event schema must read every released version (backward) and be readable by it
 * (forward), and the current schema must itself be released, so a change cannot ship without
 * a new {@code history/<Name>/v<N>.avsc} that consumers can resolve.
 */
@Tag("unit")
class SchemaCompatibilityTest {

  static Stream<Class<?>> eventTypes() {
    return Topics.defaults().all().stream().map(Topic::eventTypes).flatMap(List::stream).map(c -> (Class<?>) c);
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void currentSchemaReadsAndIsReadByEveryReleasedVersion(Class<?> eventType) {
    Schema current = SchemaHistory.current(eventType);
    List<Schema> released = SchemaHistory.released(eventType);

    assertThat(released).as("released versions of %s", eventType.getSimpleName()).isNotEmpty();
    for (int i = 0; i < released.size(); i++) {
      Schema old = released.get(i);
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(current, old).getType())
          .as("%s reads v%d (backward)", eventType.getSimpleName(), i + 1)
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
      assertThat(SchemaCompatibility.checkReaderWriterCompatibility(old, current).getType())
          .as("v%d reads %s (forward)", i + 1, eventType.getSimpleName())
          .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
    }
  }

  @ParameterizedTest
  @MethodSource("eventTypes")
  void currentSchemaIsTheLatestReleasedVersion(Class<?> eventType) {
    List<Schema> released = SchemaHistory.released(eventType);
    Schema latest = released.getLast();

    assertThat(SchemaNormalization.parsingFingerprint64(latest))
        .as("%s changed since v%d: copy its full schema to history/%s/v%d.avsc",
            eventType.getSimpleName(), released.size(), eventType.getSimpleName(), released.size() + 1)
        .isEqualTo(SchemaNormalization.parsingFingerprint64(SchemaHistory.current(eventType)));
  }
}
