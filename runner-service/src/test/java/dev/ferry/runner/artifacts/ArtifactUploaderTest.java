package dev.ferry.runner.artifacts;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ArtifactUploaderTest {

  @TempDir
  Path tmp;

  @Test
  void readsOnlyRegularFilesThatLieUnderTheRun() throws Exception {
    Path run = Files.createDirectories(tmp.resolve("run/repo/target"));
    Path manifest = Files.writeString(run.resolve("manifest.json"), "{}");
    Path secret = Files.writeString(tmp.resolve("token"), "secret");
    Path link = Files.createSymbolicLink(run.resolve("catalog.json"), secret);

    assertThat(ArtifactUploader.isPlainFileUnder(tmp.resolve("run"), manifest)).isTrue();
    assertThat(ArtifactUploader.isPlainFileUnder(tmp.resolve("run"), link)).isFalse();
    assertThat(ArtifactUploader.isPlainFileUnder(tmp.resolve("run"), secret)).isFalse();
    assertThat(ArtifactUploader.isPlainFileUnder(tmp.resolve("run"), run.resolve("sources.json"))).isFalse();
  }

  @Test
  void compressesAndHashesTheOriginalBytesInOneRead() throws Exception {
    Path manifest = Files.writeString(tmp.resolve("manifest.json"), "{\"nodes\": {}}\n".repeat(10_000));

    ArtifactUploader.Compressed compressed = ArtifactUploader.gzip(manifest);

    try (InputStream in = new GZIPInputStream(Files.newInputStream(compressed.file()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(Files.readString(manifest));
    }
    assertThat(compressed.sha256()).isEqualTo(ArtifactUploader.sha256(manifest));
    assertThat(Files.size(compressed.file())).isLessThan(Files.size(manifest) / 8);
  }
}
