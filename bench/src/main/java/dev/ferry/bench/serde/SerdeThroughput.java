package dev.ferry.bench.serde;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import dev.ferry.events.Topic;
import dev.ferry.events.Topics;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serializer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * JMH benchmarks of {@link Serde}: one event encoded or decoded per operation, with the serializer
 * and deserializer of its Ferry topic (Avro single-object encoding, the event checked as consumers
 * check it), or as JSON with Jackson's data binding of the same generated class.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class SerdeThroughput {

  private static final String TOPIC = "bench";

  /** RunRequested or RunCompleted, as {@link SampleEvents} writes them. */
  @Param({"RunRequested", "RunCompleted"})
  public String event;

  private SpecificRecord record;
  private Serializer<SpecificRecord> avroSerializer;
  private Deserializer<? extends SpecificRecord> avroDeserializer;
  private ObjectWriter jsonWriter;
  private ObjectReader jsonReader;
  private byte[] avro;
  private byte[] json;

  /** Leaves out what a generated class has besides its fields: its schema and its Avro model. */
  @JsonIgnoreProperties({"schema", "specificData"})
  abstract static class AvroClassMixIn {}

  /** Jackson's mapping of Ferry's generated event classes: their fields by name, timestamps as ISO-8601. */
  private static JsonMapper jsonMapper() {
    return JsonMapper.builder().addMixIn(SpecificRecordBase.class, AvroClassMixIn.class).build();
  }

  @Setup
  public void prepare() {
    Topics topics = Topics.defaults();
    switch (event) {
      case "RunRequested" -> use(topics.runRequested(), SampleEvents::runRequested);
      case "RunCompleted" -> use(topics.runCompleted(), SampleEvents::runCompleted);
      default -> throw new IllegalArgumentException("no sample of " + event);
    }
  }

  @SuppressWarnings("unchecked")
  private <V extends SpecificRecord> void use(Topic<V> topic, Supplier<V> samples) {
    avroSerializer = (Serializer<SpecificRecord>) topic.valueSerializer();
    avroDeserializer = topic.valueDeserializer();
    // Built after the deserializer: Ferry's codec is what lets Avro instantiate the event classes.
    V sample = samples.get();
    record = sample;
    JsonMapper mapper = jsonMapper();
    jsonWriter = mapper.writerFor(sample.getClass());
    jsonReader = mapper.readerFor(sample.getClass());
    avro = avroEncode();
    json = jsonEncode();
    if (!sample.equals(avroDecode()) || !sample.equals(jsonDecode())) {
      throw new IllegalStateException(event + " does not read back as written");
    }
  }

  @Benchmark
  public byte[] avroEncode() {
    return avroSerializer.serialize(TOPIC, record);
  }

  @Benchmark
  public Object avroDecode() {
    return avroDeserializer.deserialize(TOPIC, avro);
  }

  @Benchmark
  public byte[] jsonEncode() {
    return jsonWriter.writeValueAsBytes(record);
  }

  @Benchmark
  public Object jsonDecode() {
    return jsonReader.readValue(json);
  }
}
