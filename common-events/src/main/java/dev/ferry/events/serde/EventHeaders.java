package dev.ferry.events.serde;

/** Record headers the serde writes and reads. */
public final class EventHeaders {

  /** Media type of the value: Avro single-object encoding, or JSON from an outside producer. */
  public static final String CONTENT_TYPE = "content-type";

  /** The event's Avro record name, e.g. {@code RunRequested}; chooses the type of a JSON value. */
  public static final String EVENT_TYPE = "ferry-event-type";

  /** Avro single-object encoding (magic C3 01, CRC-64-AVRO fingerprint, binary datum). */
  public static final String AVRO_SINGLE_OBJECT = "application/vnd.apache.avro.single-object";

  public static final String JSON = "application/json";

  private EventHeaders() {}

  static boolean isJson(String contentType) {
    if (contentType == null) {
      return false;
    }
    String mediaType = contentType.split(";", 2)[0].trim();
    return mediaType.equalsIgnoreCase(JSON) || mediaType.toLowerCase(java.util.Locale.ROOT).endsWith("+json");
  }
}
