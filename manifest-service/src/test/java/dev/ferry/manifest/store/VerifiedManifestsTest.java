package dev.ferry.manifest.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class VerifiedManifestsTest {

  @Test
  void keepsUpToItsSizeDroppingTheLeastRecentlyServed() {
    VerifiedManifests verified = new VerifiedManifests(10);
    verified.remember("s3://b/a", new byte[4]);
    verified.remember("s3://b/b", new byte[4]);
    assertThat(verified.find("s3://b/a", 4)).isPresent(); // a is now the most recently served

    verified.remember("s3://b/c", new byte[4]);

    assertThat(verified.find("s3://b/b", 4)).as("least recently served").isEmpty();
    assertThat(verified.find("s3://b/a", 4)).isPresent();
    assertThat(verified.find("s3://b/c", 4)).isPresent();
    assertThat(verified.heldBytes()).isEqualTo(8);
  }

  @Test
  void servesOnlyBytesOfTheIndexedSizeAndNeverMoreThanItHolds() {
    VerifiedManifests verified = new VerifiedManifests(10);
    verified.remember("s3://b/a", new byte[4]);
    verified.remember("s3://b/big", new byte[11]);

    assertThat(verified.find("s3://b/a", 5)).as("another size than indexed").isEmpty();
    assertThat(verified.find("s3://b/big", 11)).as("larger than the whole cache").isEmpty();
    assertThat(new VerifiedManifests(0).maxBytes()).isZero();
  }

  @Test
  void aCapturingStreamKeepsWhatWasReadUnlessItOutgrowsTheLimit() throws IOException {
    byte[] data = "{\"metadata\": {}}".getBytes();
    CapturingInputStream small = new CapturingInputStream(new ByteArrayInputStream(data), data.length, 64);
    try (InputStream in = small) {
      assertThat(in.read()).isEqualTo('{');
      in.readAllBytes();
    }
    assertThat(small.captured()).contains(data);

    CapturingInputStream large = new CapturingInputStream(new ByteArrayInputStream(data), 4, 8);
    large.readAllBytes();
    assertThat(large.captured()).as("said 4 bytes, grew past the limit of 8").isEmpty();
  }
}
