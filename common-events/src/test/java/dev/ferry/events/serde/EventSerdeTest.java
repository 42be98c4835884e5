package dev.ferry.events.serde;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.events.ArtifactRef;
import dev.ferry.events.CommandResult;
import dev.ferry.events.DbtCommand;
import dev.ferry.events.ProjectSource;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunHeartbeat;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStarted;
import dev.ferry.events.RunStatus;
import dev.ferry.events.ScheduleTick;
import dev.ferry.events.Topics;
import dev.ferry.events.Trigger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class EventSerdeTest {

  private static final String RUN_ID = "0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11";
  private static final Instant NOW = Instant.parse("2026-11-25T02:00:00Z");

  private final Topics topics = Topics.defaults();

  @Test
  void roundTripsRunRequestedAndLabelsTheRecord() {
    RunRequested event = runRequested();
    Headers headers = new RecordHeaders();

    byte[] bytes = topics.runRequested().valueSerializer().serialize("t", headers, event);
    RunRequested read = topics.runRequested().valueDeserializer().deserialize("t", headers, bytes);

    assertThat(read).isEqualTo(event);
    assertThat(bytes[0]).isEqualTo((byte) 0xC3);
    assertThat(bytes[1]).isEqualTo((byte) 0x01);
    assertThat(header(headers, EventHeaders.CONTENT_TYPE)).isEqualTo(EventHeaders.AVRO_SINGLE_OBJECT);
    assertThat(header(headers, EventHeaders.EVENT_TYPE)).isEqualTo("RunRequested");
  }

  @Test
  void readsEachEventTypeOfAMultiTypeTopicByFingerprint() {
    RunStarted started = RunStarted.newBuilder().setRunId(RUN_ID).setWorkspace("default").setSchedule("nightly")
        .setStartedAt(NOW).setWorker("runner-1").setGitSha("abc123").build();
    RunHeartbeat heartbeat = RunHeartbeat.newBuilder().setRunId(RUN_ID).setWorkspace("default")
        .setSchedule("nightly").setAt(NOW).setWorker("runner-1").build();
    var serializer = topics.runEvents().valueSerializer();
    var deserializer = topics.runEvents().valueDeserializer();

    SpecificRecord first = deserializer.deserialize("t", serializer.serialize("t", started));
    SpecificRecord second = deserializer.deserialize("t", serializer.serialize("t", heartbeat));

    assertThat(first).isInstanceOf(RunStarted.class).isEqualTo(started);
    assertThat(second).isInstanceOf(RunHeartbeat.class).isEqualTo(heartbeat);
  }

  @Test
  void roundTripsAScheduleTickThatFiredAndOneThatWasSkippedWithoutARunId() {
    ScheduleTick fired = ScheduleTick.newBuilder().setWorkspace("default").setSchedule("nightly").setTick(NOW)
        .setRunId(RUN_ID).setFiredAt(NOW.plusMillis(12)).setFiredBy("scheduler-0").build();
    ScheduleTick skipped = ScheduleTick.newBuilder(fired).setRunId(null).setSkipped("concurrency").build();
    var serializer = topics.schedulerTicks().valueSerializer();
    var deserializer = topics.schedulerTicks().valueDeserializer();

    assertThat(deserializer.deserialize("t", serializer.serialize("t", fired))).isEqualTo(fired);
    assertThat(deserializer.deserialize("t", serializer.serialize("t", skipped))).isEqualTo(skipped);
    assertThatThrownBy(() -> deserializer.deserialize("t",
        serializer.serialize("t", ScheduleTick.newBuilder(fired).setRunId("not-a-uuid").build())))
        .hasMessageContaining("not a lower-case UUID");
  }

  @Test
  void roundTripsRunCompletedWithArtifacts() {
    RunCompleted completed = RunCompleted.newBuilder().setRunId(RUN_ID).setWorkspace("default")
        .setSchedule("nightly").setTrigger(Trigger.SCHEDULER).setStatus(RunStatus.SUCCEEDED)
        .setStartedAt(NOW).setFinishedAt(NOW.plusSeconds(42)).setGitSha("abc").setDbtVersion("1.11.16")
        .setCommands(List.of(CommandResult.newBuilder().setArgs(List.of("build")).setExitCode(0).setDurationMillis(4200L).build()))
        .setArtifacts(List.of(new ArtifactRef("manifest.json", "s3://b/p/default/nightly/" + RUN_ID + "/manifest.json",
            1234L, "identity", "ab".repeat(32))))
        .build();

    byte[] bytes = topics.runCompleted().valueSerializer().serialize("t", completed);

    assertThat(topics.runCompleted().valueDeserializer().deserialize("t", bytes)).isEqualTo(completed);
  }

  @Test
  void writesExactlyAvrosSingleObjectEncodingReusingItsBuffersAcrossEvents() throws Exception {
    RunRequested request = runRequested();
    RunCompleted completed = RunCompleted.newBuilder().setRunId(RUN_ID).setWorkspace("default")
        .setSchedule("nightly").setTrigger(Trigger.SCHEDULER).setStatus(RunStatus.FAILED)
        .setStartedAt(NOW).setFinishedAt(NOW.plusSeconds(42)).setMessage("x".repeat(5_000)).build();

    for (SpecificRecord event : List.of(completed, request, completed, request)) {
      java.nio.ByteBuffer avros = new org.apache.avro.message.BinaryMessageEncoder<SpecificRecord>(
          org.apache.avro.specific.SpecificData.getForClass(event.getClass()), event.getSchema()).encode(event);
      byte[] expected = new byte[avros.remaining()];
      avros.get(expected);
      assertThat(EventCodec.encode(event)).as(event.getSchema().getName()).isEqualTo(expected);
    }
  }

  @Test
  void readsPlainJsonFromAnOutsideProducerFillingDefaults() {
    String json = """
        {"runId": "%s", "workspace": "default", "schedule": "nightly", "trigger": "api",
         "requestedAt": "2026-11-25T02:00:00Z",
         "commands": [{"args": ["build", "--select", "tag:nightly"]}],
         "project": {"repository": "https://example.com/acme/analytics.git"}}
        """.formatted(RUN_ID);

    RunRequested read = readJson(json);

    assertThat(read.getTrigger()).isEqualTo(Trigger.API);
    assertThat(read.getRequestedAt()).isEqualTo(NOW);
    assertThat(read.getCommands().getFirst().getArgs()).containsExactly("build", "--select", "tag:nightly");
    assertThat(read.getProject().getRef()).isEqualTo("HEAD");
    assertThat(read.getAttempt()).isEqualTo(1);
    assertThat(read.getTarget()).isNull();
    assertThat(read.getRequestedBy()).isEqualTo("unknown");
  }

  @Test
  void readsJsonTimestampsGivenAsEpochMillis() {
    String json = minimalJson().replace("\"2026-11-25T02:00:00Z\"", Long.toString(NOW.toEpochMilli()));

    assertThat(readJson(json).getRequestedAt()).isEqualTo(NOW);
  }

  @Test
  void rejectsJsonWithAnUnknownField() {
    String json = minimalJson().replace("{\"runId\"", "{\"colour\": \"red\", \"runId\"");

    assertThatThrownBy(() -> readJson(json))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("field 'colour' is not a field of RunRequested");
  }

  @Test
  void rejectsJsonMissingARequiredField() {
    String json = minimalJson().replace("\"schedule\": \"nightly\",", "");

    assertThatThrownBy(() -> readJson(json)).hasMessageContaining("field 'schedule' is required");
  }

  @Test
  void rejectsJsonWithAWrongTypeNamingTheNestedField() {
    String json = minimalJson().replace("[\"build\"]", "\"build\"");

    assertThatThrownBy(() -> readJson(json))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("field 'commands[0].args' must be an array");
  }

  @Test
  void rejectsJsonWithAnUnknownTrigger() {
    String json = minimalJson().replace("\"api\"", "\"cron\"");

    assertThatThrownBy(() -> readJson(json)).hasMessageContaining("'cron' is not one of [SCHEDULER");
  }

  @Test
  void rejectsMalformedJson() {
    assertThatThrownBy(() -> readJson("{not json")).isInstanceOf(EventFormatException.class)
        .hasMessageContaining("not valid JSON");
  }

  @Test
  void rejectsANameThatWouldEscapeItsFolder() {
    String json = minimalJson().replace("\"nightly\"", "\"../../etc\"");

    assertThatThrownBy(() -> readJson(json)).hasMessageContaining("RunRequested.schedule '../../etc' is not a valid name");
  }

  @Test
  void rejectsARunIdThatIsNotAUuid() {
    RunRequested event = runRequested();
    event.setRunId("not-a-uuid");
    byte[] bytes = topics.runRequested().valueSerializer().serialize("t", event);

    assertThatThrownBy(() -> topics.runRequested().valueDeserializer().deserialize("t", bytes))
        .hasMessageContaining("runId 'not-a-uuid' is not a lower-case UUID");
  }

  @Test
  void rejectsBytesThatAreNotSingleObjectEncoded() {
    byte[] garbage = "hello".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> topics.runRequested().valueDeserializer().deserialize("t", new RecordHeaders(), garbage))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("not Avro single-object encoding");
  }

  @Test
  void rejectsAnEventOfAnotherTopic() {
    byte[] started = topics.runEvents().valueSerializer().serialize("t", RunStarted.newBuilder().setRunId(RUN_ID)
        .setWorkspace("default").setSchedule("nightly").setStartedAt(NOW).setWorker("w").build());

    assertThatThrownBy(() -> topics.runRequested().valueDeserializer().deserialize("t", started))
        .isInstanceOf(EventFormatException.class)
        .hasMessageContaining("unknown schema fingerprint")
        .hasMessageContaining("[RunRequested]");
  }

  @Test
  void passesTombstonesOfTheCompactedTopicThrough() {
    assertThat(topics.manifests().valueDeserializer().deserialize("t", new RecordHeaders(), (byte[]) null)).isNull();
  }

  @Test
  void refusesANullValueWhereNoneIsMeaningful() {
    assertThatThrownBy(() -> topics.runRequested().valueDeserializer().deserialize("runs", new RecordHeaders(), (byte[]) null))
        .isInstanceOf(EventFormatException.class)
        .hasMessage("a record without a value is not an event of runs");
  }

  private RunRequested readJson(String json) {
    Headers headers = new RecordHeaders();
    headers.add(EventHeaders.CONTENT_TYPE, "application/json; charset=utf-8".getBytes(StandardCharsets.UTF_8));
    return topics.runRequested().valueDeserializer().deserialize("t", headers, json.getBytes(StandardCharsets.UTF_8));
  }

  private static String minimalJson() {
    return """
        {"runId": "%s", "workspace": "default", "schedule": "nightly", "trigger": "api", \
        "requestedAt": "2026-11-25T02:00:00Z", "commands": [{"args": ["build"]}], \
        "project": {"repository": "/srv/git/analytics"}}""".formatted(RUN_ID);
  }

  private static RunRequested runRequested() {
    return RunRequested.newBuilder()
        .setRunId(RUN_ID).setWorkspace("default").setSchedule("nightly").setTrigger(Trigger.SCHEDULER)
        .setRequestedAt(NOW).setScheduledTick(NOW)
        .setCommands(List.of(DbtCommand.newBuilder().setArgs(List.of("build")).build()))
        .setProject(new ProjectSource("/srv/git/analytics", "main", "jaffle_shop"))
        .setTarget("prod").setTimeoutSeconds(3600L).setRequestedBy("scheduler")
        .build();
  }

  private static String header(Headers headers, String name) {
    return new String(headers.lastHeader(name).value(), StandardCharsets.UTF_8);
  }
}
