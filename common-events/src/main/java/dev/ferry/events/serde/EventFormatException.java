package dev.ferry.events.serde;

import org.apache.kafka.common.errors.SerializationException;

/**
 * A record value that is not a valid Ferry event. Consumers never retry it: spring-kafka's error
 * handler sends it to the dead-letter topic with this message in its headers.
 */
public class EventFormatException extends SerializationException {

  public EventFormatException(String message) {
    super(message);
  }

  public EventFormatException(String message, Throwable cause) {
    super(message, cause);
  }
}
