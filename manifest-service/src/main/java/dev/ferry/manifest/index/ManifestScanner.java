package dev.ferry.manifest.index;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/** TEMPORARY stand-in (reads the whole tree); replaced by the scanner branch's streaming scanner. */
public final class ManifestScanner {

  public ManifestFacts scan(InputStream in) throws IOException {
    byte[] bytes = in.readAllBytes();
    JsonNode root;
    try {
      root = new ObjectMapper().readTree(bytes);
    } catch (RuntimeException e) {
      throw new InvalidManifestException("not JSON");
    }
    String schema = root.path("metadata").path("dbt_schema_version").asString("");
    if (!schema.contains("/manifest/v")) {
      throw new InvalidManifestException("not a manifest: " + schema);
    }
    int version = Integer.parseInt(schema.replaceAll(".*/manifest/v(\\d+)\\.json", "$1"));
    Map<String, Long> counts = new TreeMap<>();
    root.path("nodes").forEach(n -> counts.merge(n.path("resource_type").asString(), 1L, Long::sum));
    try {
      return new ManifestFacts(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)),
          bytes.length, version, root.path("metadata").path("dbt_version").asString(null),
          Instant.parse(root.path("metadata").path("generated_at").asString()), null, null, counts);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
