package dev.ferry.events.serde;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.AvroRuntimeException;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.message.BinaryMessageDecoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.avro.specific.SpecificRecord;
import org.apache.avro.util.ClassSecurityValidator;

/**
 * Turns Ferry's events into bytes and back: Avro single-object encoding, whose header names the
 * writer schema by its CRC-64-AVRO fingerprint, and JSON for outside producers. Decoding resolves
 * the fingerprint among the current and all released schemas of the accepted event types, so a
 * record written by the previous release is read with the defaults of new fields filled in.
 */
final class EventCodec<V extends SpecificRecord> {

  private static final byte[] MAGIC = {(byte) 0xC3, (byte) 0x01};
  private static final int HEADER_LENGTH = MAGIC.length + Long.BYTES;

  static {
    trustEventClasses();
  }

  /** The single-object header (magic, fingerprint) and the datum writer of each event type. */
  private record Writer(byte[] header, SpecificDatumWriter<SpecificRecord> datum) {}

  private static final ClassValue<Writer> WRITERS = new ClassValue<>() {
    @Override
    protected Writer computeValue(Class<?> type) {
      Schema schema = SchemaHistory.current(type);
      ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN).put(MAGIC)
          .putLong(fingerprint(schema));
      return new Writer(header.array(), new SpecificDatumWriter<>(schema, SpecificData.getForClass(type)));
    }
  };

  /**
   * Each thread's output buffer and buffered encoder, reused. Avro's own BinaryMessageEncoder writes
   * through a direct (unbuffered) encoder into a synchronized stream, one call per byte: the
   * {@code serde} benchmark found Avro encoding no faster than Jackson's JSON because of it.
   */
  private static final ThreadLocal<Encoding> ENCODING = ThreadLocal.withInitial(Encoding::new);

  private static final class Encoding {
    final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    BinaryEncoder encoder;
  }

  private final Map<Long, BinaryMessageDecoder<? extends V>> decodersByFingerprint = new HashMap<>();
  private final Map<String, Class<? extends V>> typesByName = new HashMap<>();
  private final List<Class<? extends V>> eventTypes;

  EventCodec(List<Class<? extends V>> eventTypes) {
    if (eventTypes.isEmpty()) {
      throw new IllegalArgumentException("a codec needs at least one event type");
    }
    this.eventTypes = List.copyOf(eventTypes);
    for (Class<? extends V> type : eventTypes) {
      register(type);
    }
  }

  private <T extends V> void register(Class<T> type) {
    Schema current = SchemaHistory.current(type);
    BinaryMessageDecoder<T> decoder = new BinaryMessageDecoder<>(SpecificData.getForClass(type), current);
    decodersByFingerprint.put(fingerprint(current), decoder);
    for (Schema released : SchemaHistory.released(type)) {
      decoder.addSchema(released);
      decodersByFingerprint.put(fingerprint(released), decoder);
    }
    typesByName.put(current.getName(), type);
    typesByName.put(current.getFullName(), type);
  }

  static byte[] encode(SpecificRecord event) {
    Class<?> type = event.getClass();
    Writer writer = WRITERS.get(type);
    Encoding encoding = ENCODING.get();
    try {
      encoding.out.reset();
      encoding.out.write(writer.header());
      encoding.encoder = EncoderFactory.get().binaryEncoder(encoding.out, encoding.encoder);
      writer.datum().write(event, encoding.encoder);
      encoding.encoder.flush();
      return encoding.out.toByteArray();
    } catch (IOException | AvroRuntimeException e) {
      throw new EventFormatException("cannot encode " + type.getSimpleName() + ": " + e.getMessage(), e);
    }
  }

  /** Reads a single-object encoded value. */
  V decode(byte[] bytes) {
    if (bytes.length < HEADER_LENGTH || bytes[0] != MAGIC[0] || bytes[1] != MAGIC[1]) {
      throw new EventFormatException("not Avro single-object encoding (expected the header C3 01): "
          + "set the header content-type: application/json to send JSON");
    }
    long fingerprint = ByteBuffer.wrap(bytes, MAGIC.length, Long.BYTES).order(ByteOrder.LITTLE_ENDIAN).getLong();
    BinaryMessageDecoder<? extends V> decoder = decodersByFingerprint.get(fingerprint);
    if (decoder == null) {
      throw new EventFormatException(String.format(
          "unknown schema fingerprint %016x: not one of %s (written by a newer release? upgrade consumers first)",
          fingerprint, typeNames()));
    }
    try {
      return decoder.decode(bytes);
    } catch (IOException | RuntimeException e) {
      throw new EventFormatException("cannot decode Avro value: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a JSON value of the event type named {@code typeName} (or the only accepted type when
   * null): checked field by field against the schema, then turned into the generated class.
   */
  V decodeJson(byte[] json, String typeName) {
    Class<? extends V> type = resolveType(typeName);
    Schema schema = SchemaHistory.current(type);
    Object datum = JsonDatumReader.read(json, schema);
    return toSpecific(datum, schema, type);
  }

  private Class<? extends V> resolveType(String typeName) {
    if (typeName == null) {
      if (eventTypes.size() == 1) {
        return eventTypes.getFirst();
      }
      throw new EventFormatException("a JSON value on this topic needs the header "
          + EventHeaders.EVENT_TYPE + " naming one of " + typeNames());
    }
    Class<? extends V> type = typesByName.get(typeName);
    if (type == null) {
      throw new EventFormatException("event type '" + typeName + "' is not accepted here; expected one of " + typeNames());
    }
    return type;
  }

  private List<String> typeNames() {
    return eventTypes.stream().map(Class::getSimpleName).toList();
  }

  private static <T> T toSpecific(Object genericDatum, Schema schema, Class<T> type) {
    try {
      ByteArrayOutputStream out = new ByteArrayOutputStream(256);
      BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
      new GenericDatumWriter<>(schema, GenericData.get()).write(genericDatum, encoder);
      SpecificDatumReader<T> reader = new SpecificDatumReader<>(schema, schema, SpecificData.getForClass(type));
      return reader.read(null, DecoderFactory.get().binaryDecoder(out.toByteArray(), null));
    } catch (IOException | RuntimeException e) {
      throw new EventFormatException("JSON value does not fit " + schema.getName() + ": " + e.getMessage(), e);
    }
  }

  private static long fingerprint(Schema schema) {
    return SchemaNormalization.parsingFingerprint64(schema);
  }

  /**
   * Avro 1.12 refuses to instantiate classes outside an allow-list; Ferry's generated event
   * classes are added once here, so that no launcher needs a system property.
   */
  private static void trustEventClasses() {
    ClassSecurityValidator.ClassSecurityPredicate current = ClassSecurityValidator.getGlobal();
    ClassSecurityValidator.setGlobal(ClassSecurityValidator.composite(
        current, type -> type.getName().startsWith("dev.ferry.events.")));
  }
}
