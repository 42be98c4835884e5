package dev.ferry.events.serde;

import java.nio.charset.StandardCharsets;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes a Ferry event as Avro single-object encoding and labels the record with its content type
 * and event type, so that tools and consumers know what they read without a schema registry.
 */
public class EventSerializer<V extends SpecificRecord> implements Serializer<V> {

  @Override
  public byte[] serialize(String topic, V event) {
    return event == null ? null : EventCodec.encode(event);
  }

  @Override
  public byte[] serialize(String topic, Headers headers, V event) {
    if (event == null) {
      return null;
    }
    headers.remove(EventHeaders.CONTENT_TYPE);
    headers.remove(EventHeaders.EVENT_TYPE);
    headers.add(EventHeaders.CONTENT_TYPE, EventHeaders.AVRO_SINGLE_OBJECT.getBytes(StandardCharsets.UTF_8));
    headers.add(EventHeaders.EVENT_TYPE, event.getSchema().getName().getBytes(StandardCharsets.UTF_8));
    return EventCodec.encode(event);
  }
}
