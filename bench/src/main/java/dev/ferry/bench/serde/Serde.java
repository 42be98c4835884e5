package dev.ferry.bench.serde;

import dev.ferry.bench.BenchContext;
import dev.ferry.bench.Benchmark;
import dev.ferry.bench.jmh.JmhFork;
import dev.ferry.bench.report.Comparison;
import dev.ferry.bench.report.Paired;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.Series;
import java.util.List;
import java.util.Map;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Ferry's Avro single-object encoding against JSON (Jackson data binding of the same generated
 * class) for a RunRequested and a RunCompleted: time to encode and to decode one record (JMH,
 * {@link SerdeThroughput}) and bytes per record.
 */
public final class Serde implements Benchmark {

  private static final List<String> EVENTS = List.of("RunRequested", "RunCompleted");
  private static final int WARMUPS = 2;
  private static final int ITERATIONS = 3;
  private static final Options JMH = new OptionsBuilder()
      .warmupIterations(WARMUPS).warmupTime(TimeValue.milliseconds(500))
      .measurementIterations(ITERATIONS).measurementTime(TimeValue.milliseconds(500))
      .build();

  @Override
  public String id() {
    return "serde";
  }

  @Override
  public int defaultRounds() {
    return 3;
  }

  @Override
  public Section run(BenchContext context) throws Exception {
    Section section = new Section(id());
    for (String event : EVENTS) {
      section.compare(time(context.rounds(), event + ": encode", "avroEncode", "jsonEncode", event));
      section.compare(time(context.rounds(), event + ": decode", "avroDecode", "jsonDecode", event));
      section.compare(size(event));
    }
    return section
        .fact("Avro: the topic's EventSerializer and EventDeserializer (single-object encoding: 10-byte header with the "
            + "schema fingerprint; decoding resolves the fingerprint and checks names and run id as every consumer does)")
        .fact("JSON: Jackson 3 data binding of the same generated classes (a mix-in leaves out their schema), timestamps "
            + "as ISO-8601 strings, no checks on reading; reader and writer built once")
        .fact("Each round runs one JMH fork of the Avro side and one of the JSON side back to back (%d warm-up and %d "
            + "measured iterations of 0.5 s, average time per operation)", WARMUPS, ITERATIONS);
  }

  private static Comparison time(int rounds, String figure, String avro, String json, String event) throws Exception {
    Paired.Result result = JmhFork.paired(rounds, JMH, SerdeThroughput.class, avro, json, Map.of("event", event));
    return Comparison.of(figure, Series.of("Avro", "ns", result.subject()), Series.of("JSON", "ns", result.baseline()));
  }

  private static Comparison size(String event) {
    SerdeThroughput encodings = new SerdeThroughput();
    encodings.event = event;
    encodings.prepare();
    return Comparison.of(event + ": bytes per record",
        new Series("Avro", "bytes", new double[] {encodings.avroEncode().length}),
        new Series("JSON", "bytes", new double[] {encodings.jsonEncode().length}));
  }
}
