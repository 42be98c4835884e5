package dev.ferry.manifest.index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.ferry.manifest.index.InvalidManifestException.Reason;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The scanner on small, hand-written inputs; {@link ManifestScannerCorpusTest} runs it on real dbt output. */
@Tag("unit")
class ManifestScannerTest {

  private static final String METADATA = """
      {"dbt_schema_version": "https://schemas.getdbt.com/dbt/manifest/v12.json", "dbt_version": "1.10.13",
       "generated_at": "2025-10-11T00:05:38.551300Z", "project_name": "jaffle_shop", "project_id": "06e5b98c"}""";
  private static final String NODES = """
      {"model.shop.orders": {"resource_type": "model", "raw_code": "select 1"},
       "test.shop.unique_orders_id": {"config": {"resource_type": "not me"}, "resource_type": "test"},
       "model.shop.customers": {"depends_on": {"nodes": []}, "resource_type": "model"}}""";

  private final ManifestScanner scanner = new ManifestScanner();

  @Test
  void readsMetadataAndCountsNodesByTheirOwnResourceType() throws Exception {
    ManifestFacts facts = scan("{\"metadata\": " + METADATA + ", \"nodes\": " + NODES
        + ", \"sources\": {\"source.shop.raw.orders\": {\"resource_type\": \"source\"}}, \"macros\": {\"macro.x\": {}}"
        + ", \"disabled\": {\"model.shop.old\": [{\"resource_type\": \"model\"}]}, \"exposures\": {}, \"metrics\": null}");

    assertThat(facts.schemaVersion()).isEqualTo(12);
    assertThat(facts.dbtVersion()).isEqualTo("1.10.13");
    assertThat(facts.generatedAt()).isEqualTo(Instant.parse("2025-10-11T00:05:38.551300Z"));
    assertThat(facts.projectName()).isEqualTo("jaffle_shop");
    assertThat(facts.projectId()).isEqualTo("06e5b98c");
    assertThat(facts.nodeCounts()).isEqualTo(Map.of("model", 2L, "source", 1L, "test", 1L));
  }

  @Test
  void findsMetadataAfterTheNodes() throws Exception {
    ManifestFacts facts = scan("{\"nodes\": " + NODES + ", \"metadata\": " + METADATA + "}");

    assertThat(facts.schemaVersion()).isEqualTo(12);
    assertThat(facts.count("model")).isEqualTo(2);
  }

  @Test
  void hashesAndCountsEveryByteIncludingTrailingWhitespace() throws Exception {
    byte[] bytes = ("{\"metadata\": " + METADATA + ", \"nodes\": {}}\n\n  \t\n").getBytes(StandardCharsets.UTF_8);

    ManifestFacts facts = scanner.scan(new ByteArrayInputStream(bytes));

    assertThat(facts.sizeBytes()).isEqualTo(bytes.length);
    assertThat(facts.sha256()).isEqualTo(HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
    assertThat(facts.nodeCounts()).isEmpty();
  }

  @Test
  void countsNodesPastTheNamesJacksonsSymbolTableKeeps() throws Exception {
    // Every node id is a distinct property name; Jackson empties its table of names when it outgrows
    // 64k slots, which a manifest of 200k nodes does several times in the middle of "nodes".
    StringBuilder json = new StringBuilder("{\"metadata\": " + METADATA + ", \"nodes\": {");
    for (int i = 0; i < 200_000; i++) {
      json.append(i == 0 ? "" : ",").append("\"model.shop.m").append(i).append("\": {\"name\": \"m").append(i)
          .append("\", \"resource_type\": \"").append(i % 4 == 0 ? "test" : "model").append("\"}");
    }

    ManifestFacts facts = scan(json.append("}}").toString());

    assertThat(facts.nodeCounts()).isEqualTo(Map.of("model", 150_000L, "test", 50_000L));
  }

  @ParameterizedTest
  @CsvSource(delimiter = '|', nullValues = "NULL", textBlock = """
      2021-02-11T20:32:50.207398Z       | 2021-02-11T20:32:50.207398Z
      2024-01-01T00:00:00.123456Z       | 2024-01-01T00:00:00.123456Z
      2024-01-01T00:00:00Z              | 2024-01-01T00:00:00Z
      2021-10-12T02:03:51.251037+00:00  | 2021-10-12T02:03:51.251037Z
      2021-10-12T04:03:51.251037+02:00  | 2021-10-12T02:03:51.251037Z
      2024-01-01T00:00:00.123456        | 2024-01-01T00:00:00.123456Z
      2024-01-01 00:00:00               | 2024-01-01T00:00:00Z
      yesterday                         | NULL
      """)
  void readsTheTimestampFormatsDbtHasWritten(String generatedAt, String expected) throws Exception {
    String metadata = "{\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/manifest/v1.json\", "
        + "\"dbt_version\": \"0.19.1\", \"generated_at\": \"" + generatedAt + "\"}";

    ManifestFacts facts = scan("{\"metadata\": " + metadata + ", \"nodes\": {}}");

    assertThat(facts.generatedAt()).isEqualTo(expected == null ? null : Instant.parse(expected));
  }

  @Test
  void leavesWhatTheManifestDoesNotSayNull() throws Exception {
    ManifestFacts facts = scan("{\"metadata\": {\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/manifest/v3.json\","
        + " \"dbt_version\": \"0.21.0\", \"project_id\": null}, \"nodes\": {}}");

    assertThat(facts.generatedAt()).isNull();
    assertThat(facts.projectName()).isNull();
    assertThat(facts.projectId()).isNull();
  }

  @Test
  void rejectsGarbageSayingWhereTheJsonBreaks() {
    InvalidManifestException e = reject("{\"metadata\": nonsense}");

    assertThat(e.reason()).isEqualTo(Reason.NOT_JSON);
    assertThat(e.getMessage()).startsWith("not valid JSON at line 1, column 14").contains("nonsense");
  }

  @Test
  void rejectsBytesThatAreNotText() {
    InvalidManifestException e = reject(new byte[] {(byte) 0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0});

    assertThat(e.reason()).isEqualTo(Reason.NOT_JSON);
  }

  @Test
  void rejectsEmptyInput() {
    assertThat(reject("").reason()).isEqualTo(Reason.NOT_JSON);
    assertThat(reject(" \n ").getMessage()).isEqualTo("not JSON: the input is empty");
  }

  @Test
  void rejectsTruncatedJsonSayingWhereItEnds() {
    String whole = "{\"metadata\": " + METADATA + ", \"nodes\": " + NODES + "}";
    for (int cut : new int[] {1, 20, whole.indexOf("select") + 3, whole.length() - 1}) {
      String truncated = whole.substring(0, cut);

      InvalidManifestException e = reject(truncated);

      assertThat(e.reason()).as("cut at %d", cut).isEqualTo(Reason.TRUNCATED);
      assertThat(e.getMessage()).startsWith("truncated: the JSON ends after " + truncated.length() + " bytes");
    }
  }

  @Test
  void rejectsATopLevelThatIsNotAnObject() {
    assertThat(reject("[{\"metadata\": {}}]").getMessage()).isEqualTo("the top level is an array, not an object");
    assertThat(reject("\"manifest\"").getMessage()).isEqualTo("the top level is a string, not an object");
    assertThat(reject("42").reason()).isEqualTo(Reason.NOT_AN_OBJECT);
  }

  @Test
  void rejectsAnEmptyObjectForHavingNoSchemaVersion() {
    InvalidManifestException e = reject("{}");

    assertThat(e.reason()).isEqualTo(Reason.NO_SCHEMA_VERSION);
    assertThat(e.getMessage()).isEqualTo("not a dbt artifact: it has no metadata.dbt_schema_version");
  }

  @Test
  void rejectsASchemaVersionItCannotRead() {
    InvalidManifestException e = reject("{\"metadata\": {\"dbt_schema_version\": \"manifest twelve\"}, \"nodes\": {}}");

    assertThat(e.reason()).isEqualTo(Reason.UNPARSEABLE_SCHEMA_VERSION);
    assertThat(e.getMessage()).contains("'manifest twelve' is not a dbt schema URL");
  }

  @Test
  void rejectsOtherArtifactsNamingThem() {
    InvalidManifestException e = reject("{\"metadata\": {\"dbt_schema_version\": "
        + "\"https://schemas.getdbt.com/dbt/sources/v3.json\", \"dbt_version\": \"1.9.0\"}, \"results\": []}");

    assertThat(e.reason()).isEqualTo(Reason.NOT_A_MANIFEST);
    assertThat(e.getMessage()).isEqualTo("is a dbt sources file (v3), not a manifest");
  }

  @Test
  void rejectsAManifestWithoutNodes() {
    assertThat(reject("{\"metadata\": " + METADATA + "}").reason()).isEqualTo(Reason.NO_NODES);
    assertThat(reject("{\"metadata\": " + METADATA + ", \"nodes\": []}").getMessage())
        .isEqualTo("nodes is an array, not an object");
  }

  @Test
  void rejectsMalformedParts() {
    assertThat(reject("{\"metadata\": " + METADATA + ", \"nodes\": {\"model.a\": {\"name\": \"a\"}}}").getMessage())
        .isEqualTo("nodes.model.a has no resource_type");
    assertThat(reject("{\"metadata\": " + METADATA + ", \"nodes\": {\"model.a\": 1}}").getMessage())
        .isEqualTo("nodes.model.a is a number, not an object");
    assertThat(reject("{\"metadata\": " + METADATA + ", \"nodes\": {}, \"nodes\": {}}").getMessage())
        .isEqualTo("the top-level field 'nodes' appears twice");
    assertThat(reject("{\"metadata\": " + METADATA + ", \"nodes\": {}} {}").getMessage())
        .startsWith("more JSON follows the top-level object");
    assertThat(reject("{\"metadata\": {\"dbt_schema_version\": \"https://schemas.getdbt.com/dbt/manifest/v12.json\"},"
        + " \"nodes\": {}}").getMessage()).isEqualTo("has no metadata.dbt_version");
    assertThat(reject("{\"metadata\": {\"dbt_schema_version\": 12}}").getMessage())
        .isEqualTo("metadata.dbt_schema_version is a number, not a string");
  }

  @Test
  void reportsAFailingStreamAsIoNotAsABadManifest() {
    InputStream failing = new SequenceInputStream(
        new ByteArrayInputStream("{\"metadata\": ".getBytes(StandardCharsets.UTF_8)), new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("connection reset");
          }
        });

    assertThatThrownBy(() -> scanner.scan(failing)).isInstanceOf(IOException.class).hasMessage("connection reset");
  }

  private ManifestFacts scan(String json) throws IOException, InvalidManifestException {
    return scanner.scan(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  private InvalidManifestException reject(String json) {
    return reject(json.getBytes(StandardCharsets.UTF_8));
  }

  private InvalidManifestException reject(byte[] bytes) {
    InvalidManifestException e = catchThrowableOfType(InvalidManifestException.class,
        () -> scanner.scan(new ByteArrayInputStream(bytes)));
    assertThat(e).as("rejection of %s", new String(bytes, StandardCharsets.UTF_8)).isNotNull();
    return e;
  }
}
