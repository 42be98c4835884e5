package dev.ferry.manifest.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.manifest.index.InvalidManifestException.Reason;
import dev.ferry.testing.FerryHome;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The scanner on every artifact of the shared corpus (manifests v1–v12 from dbt 0.19 to 1.12),
 * checked against a full tree read of the same file.
 */
@Tag("unit")
class ManifestScannerCorpusTest {

  private static final Pattern VERSION_IN_NAME = Pattern.compile("^[a-z_]+?__v(\\d+)__");
  private static final Map<String, String> COLLECTIONS = Map.of("sources", "source", "exposures", "exposure",
      "metrics", "metric", "semantic_models", "semantic_model", "saved_queries", "saved_query",
      "unit_tests", "unit_test", "functions", "function");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private static Path corpus;

  private final ManifestScanner scanner = new ManifestScanner();

  @BeforeAll
  static void findCorpus() {
    try {
      corpus = FerryHome.corpus("INDEX.tsv").getParent();
    } catch (IllegalStateException e) {
      Assumptions.abort("skipped: " + e.getMessage());
    }
  }

  static Stream<String> manifests() throws IOException {
    return corpusFiles("manifest__");
  }

  static Stream<String> otherArtifacts() throws IOException {
    return Stream.concat(corpusFiles("run_results__"), corpusFiles("catalog__"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  void readsTheSchemaVersionAndMetadataThatDbtWrote(String file) throws Exception {
    JsonNode metadata = JSON.readTree(corpus.resolve(file)).get("metadata");

    ManifestFacts facts = scan(file);

    assertThat(facts.schemaVersion()).isEqualTo(versionInName(file));
    assertThat(facts.dbtVersion()).isNotBlank().isEqualTo(metadata.get("dbt_version").asString());
    assertThat(facts.projectId()).isEqualTo(text(metadata, "project_id"));
    assertThat(facts.projectName()).isEqualTo(text(metadata, "project_name"));
    // Every corpus timestamp is UTC, so the instant's ISO form starts with the same date and time.
    assertThat(facts.generatedAt()).isNotNull();
    assertThat(facts.generatedAt().toString()).startsWith(metadata.get("generated_at").asString().substring(0, 19));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  void countsTheSameResourcesAsAFullTreeRead(String file) throws Exception {
    ManifestFacts facts = scan(file);

    assertThat(facts.nodeCounts()).isEqualTo(countByTree(JSON.readTree(corpus.resolve(file))));
    assertThat(facts.count("model")).isPositive();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("manifests")
  void hashesAndCountsEveryByte(String file) throws Exception {
    byte[] bytes = Files.readAllBytes(corpus.resolve(file));

    ManifestFacts facts = scan(file);

    assertThat(facts.sizeBytes()).isEqualTo(bytes.length);
    assertThat(facts.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
  }

  @Test
  void countsWhatPythonCountedInTheRichestManifest() throws Exception {
    // python3: collections.Counter(n['resource_type'] for n in m['nodes'].values()), len() of each collection
    assertThat(scan("manifest__v12__jaffle_shop__manifest_1.10.json").nodeCounts()).containsExactlyEntriesOf(
        new TreeMap<>(Map.of("model", 13L, "test", 27L, "source", 6L, "metric", 19L, "semantic_model", 6L,
            "saved_query", 3L, "unit_test", 3L)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("otherArtifacts")
  void rejectsOtherDbtArtifactsSayingWhatTheyAre(String file) {
    String kind = file.substring(0, file.indexOf("__"));

    InvalidManifestException e = catchThrowableOfType(InvalidManifestException.class, () -> scan(file));

    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.NOT_A_MANIFEST);
    assertThat(e.getMessage()).isEqualTo("is a dbt " + kind + " file (v" + versionInName(file) + "), not a manifest");
  }

  @Test
  void findsMetadataWrittenLast() throws Exception {
    String file = "manifest__v12__jaffle_shop__manifest_1.10.json";
    ObjectNode manifest = (ObjectNode) JSON.readTree(corpus.resolve(file));
    manifest.set("metadata", manifest.remove("metadata"));
    assertThat(manifest.propertyNames()).last().isEqualTo("metadata");

    ManifestFacts reordered = scanner.scan(new ByteArrayInputStream(JSON.writeValueAsBytes(manifest)));

    ManifestFacts original = scan(file);
    assertThat(reordered.nodeCounts()).isEqualTo(original.nodeCounts());
    assertThat(reordered.dbtVersion()).isEqualTo(original.dbtVersion());
    assertThat(reordered.generatedAt()).isEqualTo(original.generatedAt());
  }

  @Test
  void rejectsARealManifestCutShort() throws Exception {
    byte[] bytes = Files.readAllBytes(corpus.resolve("manifest__v11__jaffle_shop__manifest.json"));

    InvalidManifestException e = catchThrowableOfType(InvalidManifestException.class,
        () -> scanner.scan(new ByteArrayInputStream(Arrays.copyOf(bytes, bytes.length / 2))));

    assertThat(e).isNotNull();
    assertThat(e.reason()).isEqualTo(Reason.TRUNCATED);
  }

  /** The independent count: a full tree, walked. */
  private static Map<String, Long> countByTree(JsonNode manifest) {
    Map<String, Long> counts = new TreeMap<>();
    for (Map.Entry<String, JsonNode> node : manifest.get("nodes").properties()) {
      counts.merge(node.getValue().get("resource_type").asString(), 1L, Long::sum);
    }
    COLLECTIONS.forEach((field, type) -> {
      JsonNode collection = manifest.get(field);
      if (collection != null && collection.size() > 0) {
        counts.merge(type, (long) collection.size(), Long::sum);
      }
    });
    return counts;
  }

  private ManifestFacts scan(String file) throws IOException, InvalidManifestException {
    try (InputStream in = Files.newInputStream(corpus.resolve(file))) {
      return scanner.scan(in);
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    return value == null || value.isNull() ? null : value.asString();
  }

  private static int versionInName(String file) {
    Matcher m = VERSION_IN_NAME.matcher(file);
    assertThat(m.find()).as("version in %s", file).isTrue();
    return Integer.parseInt(m.group(1));
  }

  private static Stream<String> corpusFiles(String prefix) throws IOException {
    try (Stream<Path> files = Files.list(FerryHome.corpus("INDEX.tsv").getParent())) {
      return files.map(p -> p.getFileName().toString())
          .filter(name -> name.startsWith(prefix) && name.endsWith(".json"))
          .sorted()
          .toList()
          .stream();
    }
  }
}
