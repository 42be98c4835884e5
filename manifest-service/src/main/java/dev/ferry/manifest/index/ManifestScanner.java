package dev.ferry.manifest.index;

import dev.ferry.manifest.index.InvalidManifestException.Reason;
import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.core.exc.JacksonIOException;
import tools.jackson.core.exc.StreamConstraintsException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.core.exc.UnexpectedEndOfInputException;
import tools.jackson.core.json.JsonFactory;

/**
 * Reads a dbt manifest's {@link ManifestFacts} in one streaming pass, hashing the bytes as it
 * parses them. It never holds the document: inside each node it reads only {@code resource_type}
 * and skips everything else unread, so heap use does not grow with the size of the manifest or of
 * its SQL. Top-level fields may come in any order. Safe for concurrent use.
 */
public final class ManifestScanner {

  /** Top-level collections counted by size, and the resource type of their entries. */
  private static final Map<String, String> COLLECTIONS = Map.of(
      "sources", "source",
      "exposures", "exposure",
      "metrics", "metric",
      "semantic_models", "semantic_model",
      "saved_queries", "saved_query",
      "unit_tests", "unit_test",
      "functions", "function");

  // The caller owns the stream, and the scan must drain it, so the parser must not close it.
  // Property names stay canonicalised (Jackson's default): without it Jackson parses bytes through
  // a UTF-8 Reader with its char-based parser and makes a String of every name, which cost the scan
  // 10-30% of its speed (docs/benchmarks.md, indexing). The symbol table keeps the names it has
  // seen, every node id among them, but Jackson empties it when it outgrows 64k slots, so its heap
  // is bounded: a 2 GB manifest of 480k distinct node ids scans in a 24 MiB heap (16 MiB is too small).
  private final JsonFactory json = JsonFactory.builder()
      .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
      .build();

  /**
   * Reads {@code manifest} to its end and returns its facts. Does not close the stream.
   *
   * @throws InvalidManifestException when the bytes are not a dbt manifest; the message says why
   * @throws IOException when the stream itself fails
   */
  public ManifestFacts scan(InputStream manifest) throws IOException, InvalidManifestException {
    DigestingInputStream bytes = new DigestingInputStream(manifest);
    Pass pass = new Pass();
    try (JsonParser parser = json.createParser(bytes)) {
      pass.readDocument(parser);
    } catch (JacksonIOException e) {
      throw e.getCause();
    } catch (UnexpectedEndOfInputException e) {
      throw new InvalidManifestException(Reason.TRUNCATED,
          "truncated: the JSON ends after " + bytes.count() + " bytes, before its top-level object closes ("
              + e.getOriginalMessage() + ")", e);
    } catch (StreamReadException e) {
      throw new InvalidManifestException(Reason.NOT_JSON,
          "not valid JSON at " + where(e.getLocation()) + ": " + e.getOriginalMessage(), e);
    } catch (StreamConstraintsException e) {
      throw new InvalidManifestException(Reason.MALFORMED, "exceeds a JSON parser limit: " + e.getOriginalMessage(), e);
    }
    // The parser has seen end-of-input; draining is what guarantees the hash covers every byte.
    bytes.drain();
    return pass.facts(bytes.sha256Hex(), bytes.count());
  }

  private static String where(TokenStreamLocation location) {
    if (location == null) {
      return "an unknown position";
    }
    // Jackson knows the byte offset of some errors only.
    String line = "line " + location.getLineNr() + ", column " + location.getColumnNr();
    return location.getByteOffset() >= 0 ? line + " (byte " + location.getByteOffset() + ")" : line;
  }

  /** The state of one scan, filled in field by field as the top-level object streams past. */
  private static final class Pass {

    private final Set<String> seen = new HashSet<>();
    private final Map<String, Long> counts = new HashMap<>();
    private boolean sawNodes;
    private String untypedNode;
    private SchemaVersion schema;
    private String dbtVersion;
    private Instant generatedAt;
    private String projectName;
    private String projectId;

    void readDocument(JsonParser parser) throws InvalidManifestException {
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new InvalidManifestException(Reason.NOT_JSON, "not JSON: the input is empty");
      }
      if (first != JsonToken.START_OBJECT) {
        throw new InvalidManifestException(Reason.NOT_AN_OBJECT, "the top level is " + describe(first) + ", not an object");
      }
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String name = parser.currentName();
        parser.nextToken();
        readTopLevel(name, parser);
      }
      if (parser.nextToken() != null) {
        throw new InvalidManifestException(Reason.MALFORMED,
            "more JSON follows the top-level object, at " + where(parser.currentTokenLocation()));
      }
    }

    private void readTopLevel(String name, JsonParser parser) throws InvalidManifestException {
      boolean counted = name.equals("metadata") || name.equals("nodes") || COLLECTIONS.containsKey(name);
      if (counted && !seen.add(name)) {
        throw new InvalidManifestException(Reason.MALFORMED, "the top-level field '" + name + "' appears twice");
      }
      switch (name) {
        case "metadata" -> readMetadata(parser);
        case "nodes" -> countNodes(parser);
        default -> {
          String type = COLLECTIONS.get(name);
          if (type != null) {
            add(type, countEntries(name, parser));
          } else {
            parser.skipChildren();
          }
        }
      }
    }

    private void readMetadata(JsonParser parser) throws InvalidManifestException {
      expectObject("metadata", parser, Reason.MALFORMED);
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String field = parser.currentName();
        parser.nextToken();
        switch (field) {
          case "dbt_schema_version" -> schema = schemaVersion(string("metadata.dbt_schema_version", parser));
          case "dbt_version" -> dbtVersion = string("metadata.dbt_version", parser);
          case "generated_at" -> generatedAt = timestamp(string("metadata.generated_at", parser));
          case "project_name" -> projectName = string("metadata.project_name", parser);
          case "project_id" -> projectId = string("metadata.project_id", parser);
          default -> parser.skipChildren();
        }
      }
      requireManifestSchema();
    }

    private void countNodes(JsonParser parser) throws InvalidManifestException {
      expectObject("nodes", parser, Reason.NO_NODES);
      sawNodes = true;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        String key = parser.currentName();
        if (parser.nextToken() != JsonToken.START_OBJECT) {
          throw new InvalidManifestException(Reason.MALFORMED,
              "nodes." + key + " is " + describe(parser.currentToken()) + ", not an object");
        }
        String type = resourceType(parser);
        if (type == null) {
          // Reported at the end: another artifact's nodes (catalog.json has some) have no resource_type,
          // and its metadata, wherever it is, gives the better reason.
          untypedNode = untypedNode == null ? key : untypedNode;
        } else {
          add(type, 1);
        }
      }
    }

    /** Reads one node to its end, keeping only its own {@code resource_type}. */
    private static String resourceType(JsonParser parser) {
      String type = null;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        boolean wanted = parser.currentName().equals("resource_type");
        JsonToken value = parser.nextToken();
        if (wanted && value == JsonToken.VALUE_STRING) {
          type = parser.getString();
        } else {
          parser.skipChildren();
        }
      }
      return type;
    }

    /** The number of entries of a top-level map; null (as older dbt writes for absent ones) counts as none. */
    private static long countEntries(String name, JsonParser parser) throws InvalidManifestException {
      if (parser.currentToken() == JsonToken.VALUE_NULL) {
        return 0;
      }
      expectObject(name, parser, Reason.MALFORMED);
      long entries = 0;
      while (parser.nextToken() == JsonToken.PROPERTY_NAME) {
        parser.nextToken();
        parser.skipChildren();
        entries++;
      }
      return entries;
    }

    private void add(String type, long n) {
      if (n > 0) {
        counts.merge(type, n, Long::sum);
      }
    }

    private void requireManifestSchema() throws InvalidManifestException {
      if (schema == null) {
        throw new InvalidManifestException(Reason.NO_SCHEMA_VERSION, "not a dbt artifact: it has no metadata.dbt_schema_version");
      }
      if (!schema.isManifest()) {
        throw new InvalidManifestException(Reason.NOT_A_MANIFEST,
            "is a dbt " + schema.fileKind() + " file (v" + schema.version() + "), not a manifest");
      }
    }

    ManifestFacts facts(String sha256, long sizeBytes) throws InvalidManifestException {
      requireManifestSchema();
      if (!sawNodes) {
        throw new InvalidManifestException(Reason.NO_NODES, "has no top-level nodes object, so it is not a complete manifest");
      }
      if (untypedNode != null) {
        throw new InvalidManifestException(Reason.MALFORMED, "nodes." + untypedNode + " has no resource_type");
      }
      if (dbtVersion == null) {
        throw new InvalidManifestException(Reason.MALFORMED, "has no metadata.dbt_version");
      }
      return new ManifestFacts(sha256, sizeBytes, schema.version(), dbtVersion, generatedAt, projectName, projectId, counts);
    }

    private static SchemaVersion schemaVersion(String url) throws InvalidManifestException {
      if (url == null) {
        return null;
      }
      return SchemaVersion.parse(url).orElseThrow(() -> new InvalidManifestException(Reason.UNPARSEABLE_SCHEMA_VERSION,
          "metadata.dbt_schema_version '" + abbreviate(url) + "' is not a dbt schema URL such as "
              + "https://schemas.getdbt.com/dbt/manifest/v12.json"));
    }

    private static Instant timestamp(String text) {
      return text == null ? null : DbtTimestamps.parse(text);
    }

    /** The string at the parser, null for JSON null; anything else is a malformed manifest. */
    private static String string(String path, JsonParser parser) throws InvalidManifestException {
      return switch (parser.currentToken()) {
        case VALUE_STRING -> parser.getString();
        case VALUE_NULL -> null;
        default -> throw new InvalidManifestException(Reason.MALFORMED,
            path + " is " + describe(parser.currentToken()) + ", not a string");
      };
    }

    private static void expectObject(String path, JsonParser parser, Reason reason) throws InvalidManifestException {
      if (parser.currentToken() != JsonToken.START_OBJECT) {
        throw new InvalidManifestException(reason, path + " is " + describe(parser.currentToken()) + ", not an object");
      }
    }

    private static String describe(JsonToken token) {
      return switch (token) {
        case START_ARRAY -> "an array";
        case START_OBJECT -> "an object";
        case VALUE_STRING -> "a string";
        case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
        case VALUE_TRUE, VALUE_FALSE -> "a boolean";
        case VALUE_NULL -> "null";
        default -> token.name();
      };
    }

    private static String abbreviate(String text) {
      return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }
  }
}
