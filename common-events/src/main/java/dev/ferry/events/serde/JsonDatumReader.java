package dev.ferry.events.serde;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.LogicalTypes;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;

/**
 * Reads plain JSON, as an outside producer would write it, into an Avro generic datum of a
 * schema: optional fields may be omitted or null, enums may be given in any case, timestamps as
 * epoch milliseconds or ISO-8601 strings. Anything else that does not fit the schema, unknown
 * fields included, is an {@link EventFormatException} naming the field.
 */
final class JsonDatumReader {

  private static final ObjectMapper MAPPER = new ObjectMapper();

  private JsonDatumReader() {}

  static Object read(byte[] json, Schema schema) {
    JsonNode root;
    try {
      root = MAPPER.readTree(json);
    } catch (JacksonException e) {
      throw new EventFormatException("value is not valid JSON: " + e.getOriginalMessage());
    } catch (java.io.IOException e) {
      throw new EventFormatException("value is not readable JSON: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw new EventFormatException("value must be a JSON object of " + schema.getName());
    }
    return read(root, schema, "");
  }

  private static Object read(JsonNode node, Schema schema, String path) {
    return switch (schema.getType()) {
      case RECORD -> readRecord(node, schema, path);
      case UNION -> readUnion(node, schema, path);
      case ARRAY -> readArray(node, schema, path);
      case MAP -> readMap(node, schema, path);
      case ENUM -> readEnum(node, schema, path);
      case STRING -> {
        expect(node.isTextual(), path, "a string", node);
        yield node.textValue();
      }
      case INT -> {
        expect(node.isIntegralNumber() && node.canConvertToInt(), path, "an integer", node);
        yield node.intValue();
      }
      case LONG -> readLong(node, schema, path);
      case BOOLEAN -> {
        expect(node.isBoolean(), path, "true or false", node);
        yield node.booleanValue();
      }
      case DOUBLE, FLOAT -> {
        expect(node.isNumber(), path, "a number", node);
        yield schema.getType() == Schema.Type.DOUBLE ? (Object) node.doubleValue() : (Object) node.floatValue();
      }
      case NULL -> {
        expect(node.isNull(), path, "null", node);
        yield null;
      }
      default -> throw new EventFormatException(at(path) + "has Avro type " + schema.getType() + ", which JSON input does not support");
    };
  }

  private static GenericData.Record readRecord(JsonNode node, Schema schema, String path) {
    expect(node.isObject(), path, "an object", node);
    for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
      String name = names.next();
      if (schema.getField(name) == null) {
        throw new EventFormatException(at(join(path, name)) + "is not a field of " + schema.getName());
      }
    }
    GenericData.Record record = new GenericData.Record(schema);
    for (Schema.Field field : schema.getFields()) {
      String fieldPath = join(path, field.name());
      JsonNode value = node.get(field.name());
      if (value == null) {
        if (!field.hasDefaultValue()) {
          throw new EventFormatException(at(fieldPath) + "is required");
        }
        record.put(field.pos(), GenericData.get().getDefaultValue(field));
      } else {
        record.put(field.pos(), read(value, field.schema(), fieldPath));
      }
    }
    return record;
  }

  private static Object readUnion(JsonNode node, Schema schema, String path) {
    if (node.isNull()) {
      if (schema.getIndexNamed("null") == null) {
        throw new EventFormatException(at(path) + "must not be null");
      }
      return null;
    }
    EventFormatException last = null;
    for (Schema branch : schema.getTypes()) {
      if (branch.getType() == Schema.Type.NULL) {
        continue;
      }
      try {
        return read(node, branch, path);
      } catch (EventFormatException e) {
        last = e;
      }
    }
    throw last != null ? last : new EventFormatException(at(path) + "matches no branch of " + schema);
  }

  private static List<Object> readArray(JsonNode node, Schema schema, String path) {
    expect(node.isArray(), path, "an array", node);
    List<Object> items = new ArrayList<>(node.size());
    for (int i = 0; i < node.size(); i++) {
      items.add(read(node.get(i), schema.getElementType(), path + "[" + i + "]"));
    }
    return items;
  }

  private static Map<String, Object> readMap(JsonNode node, Schema schema, String path) {
    expect(node.isObject(), path, "an object", node);
    Map<String, Object> entries = new HashMap<>();
    node.properties().forEach(e -> entries.put(e.getKey(), read(e.getValue(), schema.getValueType(), join(path, e.getKey()))));
    return entries;
  }

  private static GenericData.EnumSymbol readEnum(JsonNode node, Schema schema, String path) {
    expect(node.isTextual(), path, "one of " + schema.getEnumSymbols(), node);
    String symbol = node.textValue().toUpperCase(Locale.ROOT);
    if (!schema.hasEnumSymbol(symbol)) {
      throw new EventFormatException(at(path) + "'" + node.textValue() + "' is not one of " + schema.getEnumSymbols());
    }
    return new GenericData.EnumSymbol(schema, symbol);
  }

  private static long readLong(JsonNode node, Schema schema, String path) {
    boolean timestamp = schema.getLogicalType() instanceof LogicalTypes.TimestampMillis;
    if (timestamp && node.isTextual()) {
      try {
        return Instant.parse(node.textValue()).toEpochMilli();
      } catch (DateTimeParseException e) {
        throw new EventFormatException(at(path) + "'" + node.textValue() + "' is not an ISO-8601 instant such as 2026-01-31T02:00:00Z");
      }
    }
    expect(node.isIntegralNumber() && node.canConvertToLong(), path,
        timestamp ? "epoch milliseconds or an ISO-8601 instant" : "an integer", node);
    return node.longValue();
  }

  private static void expect(boolean condition, String path, String what, JsonNode actual) {
    if (!condition) {
      throw new EventFormatException(at(path) + "must be " + what + ", not " + describe(actual));
    }
  }

  private static String describe(JsonNode node) {
    String text = node.toString();
    return text.length() > 40 ? text.substring(0, 40) + "..." : text;
  }

  private static String join(String path, String name) {
    return path.isEmpty() ? name : path + "." + name;
  }

  private static String at(String path) {
    return "field '" + (path.isEmpty() ? "(value)" : path) + "' ";
  }
}
