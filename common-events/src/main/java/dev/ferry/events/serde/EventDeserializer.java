package dev.ferry.events.serde;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads a Ferry event: Avro single-object encoding by default, JSON when the record's
 * {@code content-type} header says {@code application/json}. Both are checked against the
 * schema and {@link EventValidation}; a value that fails is an {@link EventFormatException},
 * which spring-kafka's {@code ErrorHandlingDeserializer} turns into a dead-letter record.
 */
public class EventDeserializer<V extends SpecificRecord> implements Deserializer<V> {

  private final EventCodec<V> codec;
  private final boolean tombstones;

  /**
   * @param tombstones whether a null value passes as null (a compacted topic's delete marker)
   *     instead of being refused
   */
  public EventDeserializer(List<Class<? extends V>> eventTypes, boolean tombstones) {
    this.codec = new EventCodec<>(eventTypes);
    this.tombstones = tombstones;
  }

  @Override
  public V deserialize(String topic, byte[] data) {
    return data == null ? tombstone(topic) : EventValidation.validate(codec.decode(data));
  }

  @Override
  public V deserialize(String topic, Headers headers, byte[] data) {
    if (data == null) {
      return tombstone(topic);
    }
    V event = EventHeaders.isJson(lastHeader(headers, EventHeaders.CONTENT_TYPE))
        ? codec.decodeJson(data, lastHeader(headers, EventHeaders.EVENT_TYPE))
        : codec.decode(data);
    return EventValidation.validate(event);
  }

  private V tombstone(String topic) {
    if (!tombstones) {
      throw new EventFormatException("a record without a value is not an event of " + topic);
    }
    return null;
  }

  private static String lastHeader(Headers headers, String name) {
    Header header = headers == null ? null : headers.lastHeader(name);
    return header == null || header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8);
  }
}
