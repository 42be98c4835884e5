package dev.ferry.runner.execution;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class SecretMaskTest {

  @TempDir
  Path tmp;

  @Test
  void masksEveryOccurrenceLongestSecretFirstAndLeavesShortValuesAlone() {
    SecretMask mask = SecretMask.of(Arrays.asList("pass", "password123", "abc", null));

    assertThat(mask.apply("user=ana password=password123 again password123 pass"))
        .isEqualTo("user=ana ***word=*** again *** ***");
    assertThat(mask.apply("abc is too short to mask")).isEqualTo("abc is too short to mask");
    assertThat(SecretMask.NONE.apply("password123")).isEqualTo("password123");
  }

  @Test
  void rewritesAFileMaskedAndSurvivesBytesThatAreNotUtf8() throws Exception {
    Path log = tmp.resolve("dbt.log");
    byte[] bytes = "connecting with s3cr3t-token\n\u00ff broken: ".getBytes(StandardCharsets.UTF_8);
    byte[] withInvalid = Arrays.copyOf(bytes, bytes.length + 2);
    withInvalid[bytes.length] = (byte) 0xC3;
    withInvalid[bytes.length + 1] = (byte) 0x28;
    Files.write(log, withInvalid);

    SecretMask.of(List.of("s3cr3t-token")).applyTo(log);

    assertThat(Files.readString(log, StandardCharsets.UTF_8)).startsWith("connecting with ***\n").doesNotContain("s3cr3t");
    SecretMask.of(List.of("s3cr3t-token")).applyTo(tmp.resolve("missing.log"));
    assertThat(tmp.resolve("missing.log")).doesNotExist();
  }
}
