package dev.ferry.cli.manifest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the cache writes of a manifest it reads back the same, whatever characters the server sent. */
@Tag("unit")
class ManifestCacheTest {

  @TempDir
  Path dir;

  @Test
  void readsBackWhatItWroteOfAManifest() throws IOException {
    Files.writeString(dir.resolve(ManifestCache.MANIFEST), "{}");
    CachedManifest written = new CachedManifest(dir, "W/\"ab=cd:ef\"", "0b9a3f0e-8a7c-4d0c-9a43-2c1f5e8f1a11",
        "SUCCEEDED", " a\\b#c!d\te\u00e9\u20ac\n", Instant.parse("2026-11-25T10:00:00Z"), "1.11.16", 12,
        Instant.parse("2026-11-25T09:59:20.123456789Z"), Instant.parse("2026-11-25T10:03:00Z"));
    ManifestCache cache = new ManifestCache(dir);

    cache.writeMeta(written);

    assertThat(cache.read(dir)).contains(written);
    try (var files = Files.list(dir)) {
      assertThat(files.map(f -> f.getFileName().toString()))
          .as("no temporary file left behind").containsExactlyInAnyOrder("manifest.json", ManifestCache.META);
    }
  }
}
