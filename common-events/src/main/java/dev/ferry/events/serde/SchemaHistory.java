package dev.ferry.events.serde;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.specific.SpecificData;

/**
 * Every released version of an event's schema, kept as {@code dev/ferry/events/history/<Name>/v<N>.avsc}
 * on the classpath. Consumers need them at run time: a single-object encoded record names its
 * writer schema only by fingerprint, and records written by the previous release stay on the
 * topics for their retention.
 */
public final class SchemaHistory {

  private static final String ROOT = "/dev/ferry/events/history/";

  private SchemaHistory() {}

  /** The schema the code was generated from. */
  public static Schema current(Class<?> eventType) {
    return SpecificData.get().getSchema(eventType);
  }

  /** Released versions, oldest first; empty for a type that was never released. */
  public static List<Schema> released(Class<?> eventType) {
    String name = current(eventType).getName();
    List<Schema> versions = new ArrayList<>();
    for (int version = 1; ; version++) {
      String path = ROOT + name + "/v" + version + ".avsc";
      try (InputStream in = SchemaHistory.class.getResourceAsStream(path)) {
        if (in == null) {
          return versions;
        }
        versions.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException("cannot read " + path, e);
      }
    }
  }
}
