package dev.ferry.testing;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A valid manifest of any size, streamed and never held: a real manifest's metadata, its real nodes
 * repeated under new unique keys, one node whose {@code raw_code} is as long as asked, and the real
 * manifest's other top-level fields once. Used by the scanner's heap test and by the benchmarks
 * that need manifests larger than any in the corpus.
 */
public final class GeneratedManifest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Map<String, String> COLLECTIONS = Map.of("sources", "source", "exposures", "exposure",
      "metrics", "metric", "semantic_models", "semantic_model", "saved_queries", "saved_query",
      "unit_tests", "unit_test", "functions", "function");
  private static final String PLACEHOLDER = "\"@@raw_code@@\"";

  private final byte[] metadata;
  private final List<Node> nodes = new ArrayList<>();
  private final Map<String, byte[]> otherFields = new LinkedHashMap<>();
  private final Map<String, Long> collectionCounts = new TreeMap<>();
  private final byte[][] giantNodeAroundSql;

  private record Node(String key, String type, byte[] json) {}

  /** What was written: every byte, and the resources by type a correct scan must count. */
  public record Written(long bytes, Map<String, Long> counts) {}

  private GeneratedManifest(JsonNode manifest) {
    metadata = JSON.writeValueAsBytes(manifest.get("metadata"));
    ObjectNode giant = null;
    for (Map.Entry<String, JsonNode> node : manifest.get("nodes").properties()) {
      String type = node.getValue().get("resource_type").asString();
      nodes.add(new Node(node.getKey(), type, JSON.writeValueAsBytes(node.getValue())));
      if (giant == null && type.equals("model")) {
        giant = (ObjectNode) node.getValue().deepCopy();
      }
    }
    giant.put("raw_code", "@@raw_code@@");
    String giantJson = JSON.writeValueAsString(giant);
    int at = giantJson.indexOf(PLACEHOLDER);
    giantNodeAroundSql = new byte[][] {
        giantJson.substring(0, at).getBytes(StandardCharsets.UTF_8),
        giantJson.substring(at + PLACEHOLDER.length()).getBytes(StandardCharsets.UTF_8)};
    for (Map.Entry<String, JsonNode> field : manifest.properties()) {
      if (!field.getKey().equals("metadata") && !field.getKey().equals("nodes")) {
        otherFields.put(field.getKey(), JSON.writeValueAsBytes(field.getValue()));
        String type = COLLECTIONS.get(field.getKey());
        if (type != null && field.getValue().size() > 0) {
          collectionCounts.put(type, (long) field.getValue().size());
        }
      }
    }
  }

  public static GeneratedManifest basedOn(Path manifest) {
    return new GeneratedManifest(JSON.readTree(manifest));
  }

  /**
   * Writes a manifest of at least {@code minBytes}, with one model whose {@code raw_code} is
   * {@code giantSqlBytes} long (0 for none), followed by trailing whitespace. Does not close {@code out}.
   */
  public Written writeTo(OutputStream out, long minBytes, long giantSqlBytes) throws IOException {
    Counting counted = new Counting(out);
    Map<String, Long> counts = new TreeMap<>(collectionCounts);
    counted.write("{\"metadata\":");
    counted.write(metadata);
    counted.write(",\"nodes\":{");
    if (giantSqlBytes > 0) {
      writeGiantNode(counted, giantSqlBytes);
      counts.merge("model", 1L, Long::sum);
    }
    for (long copy = 0; counted.bytes < minBytes; copy++) {
      for (Node node : nodes) {
        if (copy > 0 || giantSqlBytes > 0 || node != nodes.getFirst()) {
          counted.write(",");
        }
        counted.write("\"" + node.key() + "~" + copy + "\":");
        counted.write(node.json());
        counts.merge(node.type(), 1L, Long::sum);
      }
    }
    counted.write("}");
    for (Map.Entry<String, byte[]> field : otherFields.entrySet()) {
      counted.write(",\"" + field.getKey() + "\":");
      counted.write(field.getValue());
    }
    counted.write("}\n\t \n");
    counted.flush();
    return new Written(counted.bytes, counts);
  }

  private void writeGiantNode(Counting out, long sqlBytes) throws IOException {
    byte[] line = "select order_id, customer_id, 'it''s \\\"quoted\\\"' as note from {{ ref('orders') }}\\n"
        .getBytes(StandardCharsets.UTF_8);
    byte[] block = new byte[64 * line.length];
    for (int i = 0; i < 64; i++) {
      System.arraycopy(line, 0, block, i * line.length, line.length);
    }
    out.write("\"model.generated.giant\":");
    out.write(giantNodeAroundSql[0]);
    out.write("\"");
    for (long written = 0; written < sqlBytes; written += block.length) {
      // whole lines only, so an escape sequence is never cut in two
      out.write(block, 0, (int) Math.min(block.length, sqlBytes - written) / line.length * line.length);
    }
    out.write("\"");
    out.write(giantNodeAroundSql[1]);
  }

  /** Counts what passes through; owned by one write. */
  private static final class Counting extends FilterOutputStream {
    long bytes;

    Counting(OutputStream out) {
      super(out);
    }

    void write(String text) throws IOException {
      write(text.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
      out.write(b, off, len);
      bytes += len;
    }

    @Override
    public void write(int b) throws IOException {
      out.write(b);
      bytes++;
    }
  }
}
