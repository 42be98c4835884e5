package dev.ferry.cli.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.ferry.cli.StandInServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The two-stage copy writes every byte in order and hashes exactly those, and a failing source fails the copy. */
@Tag("unit")
class DigestingFileWriterTest {

  @TempDir
  Path dir;

  @Test
  void writesAndHashesEveryByteWhateverTheSize() throws IOException {
    Random random = new Random(42);
    for (int size : new int[] {0, 1, 256 * 1024 - 1, 256 * 1024, 256 * 1024 + 1, 3 * 1024 * 1024 + 17}) {
      byte[] bytes = new byte[size];
      random.nextBytes(bytes);
      Path file = dir.resolve("m" + size);

      String sha = DigestingFileWriter.copy(new ByteArrayInputStream(bytes), file);

      assertThat(Files.readAllBytes(file)).as("size %d", size).isEqualTo(bytes);
      assertThat(sha).as("size %d", size).isEqualTo(StandInServer.sha256(bytes));
    }
  }

  @Test
  void aSourceThatFailsHalfWayFailsTheCopy() {
    InputStream failing = new InputStream() {
      private int left = 1024 * 1024;

      @Override
      public int read() throws IOException {
        if (left-- == 0) {
          throw new IOException("connection reset");
        }
        return 'x';
      }
    };

    assertThatThrownBy(() -> DigestingFileWriter.copy(failing, dir.resolve("broken")))
        .isInstanceOf(IOException.class).hasMessage("connection reset");
  }
}
