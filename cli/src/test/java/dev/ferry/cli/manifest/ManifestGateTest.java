package dev.ferry.cli.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.cli.CliException;
import dev.ferry.cli.ExitCodes;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalInt;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ManifestGateTest {

  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");

  private static CachedManifest manifest(String dbtVersion, Integer schema, Instant finishedAt) {
    return new CachedManifest(Path.of("/cache"), "\"e\"", "0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11", "SUCCEEDED", "abc",
        finishedAt, dbtVersion, schema, null, NOW);
  }

  private static int schemaReadBy(String version) {
    return DbtVersion.parse(version).newestSchemaRead().orElseThrow();
  }

  @Test
  void mapsEachDbtMinorToTheNewestSchemaItReads() {
    assertThat(schemaReadBy("0.19.2")).isEqualTo(1);
    assertThat(schemaReadBy("0.20.0")).isEqualTo(2);
    assertThat(schemaReadBy("0.21.1")).isEqualTo(3);
    assertThat(schemaReadBy("1.0.0")).isEqualTo(4);
    assertThat(schemaReadBy("1.1.3")).isEqualTo(5);
    assertThat(schemaReadBy("1.4.9")).isEqualTo(8);
    assertThat(schemaReadBy("1.7.3")).isEqualTo(11);
    assertThat(schemaReadBy("1.8.0b1")).isEqualTo(12);
    assertThat(schemaReadBy("1.11.16")).isEqualTo(12);
    assertThat(DbtVersion.parse("1.12.0").newestSchemaRead()).isEqualTo(OptionalInt.empty());
    assertThat(DbtVersion.parse("2.0.0").newestSchemaRead()).isEqualTo(OptionalInt.empty());
  }

  @Test
  void refusesASchemaNewerThanTheLocalDbtReads() {
    assertThatThrownBy(() -> ManifestGate.checkReadable(manifest("1.11.16", 12, NOW), DbtVersion.parse("1.7.3")))
        .isInstanceOf(CliException.class)
        .hasMessageContaining("is schema v12 (written by dbt 1.11.16), newer than the local dbt 1.7.3 reads (v11); "
            + "upgrade dbt to 1.8 or later")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.DBT_TOO_OLD));
  }

  @Test
  void neverRefusesForADbtNewerThanAnyKnownHere() {
    assertThat(ManifestGate.checkReadable(manifest("2.3.0", 14, NOW), DbtVersion.parse("2.3.1"))).isEmpty();
  }

  @Test
  void warnsWhenTheLocalDbtIsAnotherMinorVersionThanProductions() {
    assertThat(ManifestGate.checkReadable(manifest("1.11.16", 12, NOW), DbtVersion.parse("1.10.2")))
        .singleElement().asString()
        .contains("the local dbt is 1.10.2 but production wrote this manifest with dbt 1.11.16")
        .contains("a known source of state:modified false positives after upgrades");
    assertThat(ManifestGate.checkReadable(manifest("1.11.16", 12, NOW), DbtVersion.parse("1.11.2"))).isEmpty();
  }

  @Test
  void checksNothingThatIsUnknown() {
    assertThat(ManifestGate.checkReadable(manifest("1.11.16", 12, NOW), null)).isEmpty();
    assertThat(ManifestGate.checkReadable(manifest(null, null, NOW), DbtVersion.parse("1.5.0"))).isEmpty();
  }

  @Test
  void refusesAManifestOlderThanTheMaximumAge() {
    ManifestGate.requireFresh(manifest(null, null, NOW.minus(Duration.ofMinutes(359))), Duration.ofHours(6), NOW);
    ManifestGate.requireFresh(manifest(null, null, NOW.minus(Duration.ofDays(30))), null, NOW);

    assertThatThrownBy(() -> ManifestGate.requireFresh(manifest(null, null, NOW.minus(Duration.ofMinutes(370))),
        Duration.ofHours(6), NOW))
        .hasMessageContaining("is 6h 10m old")
        .hasMessageContaining("older than --max-age 6h")
        .satisfies(e -> assertThat(((CliException) e).exitCode()).isEqualTo(ExitCodes.MANIFEST_TOO_OLD));
    assertThatThrownBy(() -> ManifestGate.requireFresh(manifest(null, null, null), Duration.ofHours(6), NOW))
        .hasMessageContaining("no known finish time");
  }
}
