package dev.ferry.events.serde;

import dev.ferry.events.SafeNames;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificRecord;

/**
 * Checks what the schema cannot: names that later become paths and S3 keys are safe, and run ids
 * are UUIDs (where a run id is optional, as in a skipped ScheduleTick, it may be absent). Applied to every event the deserializer reads, whatever its encoding.
 */
final class EventValidation {

  private EventValidation() {}

  static <V extends SpecificRecord> V validate(V event) {
    Schema schema = event.getSchema();
    requireName(event, schema, "workspace");
    requireName(event, schema, "schedule");
    Schema.Field runId = schema.getField("runId");
    boolean absent = runId != null && event.get(runId.pos()) == null && runId.schema().isNullable();
    if (runId != null && !absent && !SafeNames.isRunId((String) event.get(runId.pos()))) {
      throw new EventFormatException(schema.getName() + ".runId '" + event.get(runId.pos())
          + "' is not a lower-case UUID");
    }
    return event;
  }

  private static void requireName(SpecificRecord event, Schema schema, String fieldName) {
    Schema.Field field = schema.getField(fieldName);
    if (field != null && !SafeNames.isName((String) event.get(field.pos()))) {
      throw new EventFormatException(schema.getName() + "." + fieldName + " '" + event.get(field.pos())
          + "' is not a valid name: 1 to 64 letters, digits, '_' or '-', starting with a letter or digit");
    }
  }
}
