package dev.ferry.manifest.index;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.testing.ChildJvm;
import dev.ferry.testing.FerryHome;
import dev.ferry.testing.GeneratedManifest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heavy one: a 500 MiB manifest, generated as it is sent and never stored, scans in a child JVM
 * limited to a 256 MiB heap. Among its nodes is one whose SQL alone (120 MB) is larger than both
 * the heap and Jackson's 100 MB string limit, so the scan passes only if it never materialises it.
 */
@Tag("slow")
class ManifestScannerHeapTest {

  private static final long MANIFEST_BYTES = 500L << 20;
  private static final long GIANT_SQL_BYTES = 120_000_000L;

  private static Path base;

  @BeforeAll
  static void findBaseManifest() {
    try {
      base = FerryHome.corpus("manifest__v12__jaffle_shop__manifest_1.9.json");
    } catch (IllegalStateException e) {
      Assumptions.abort("skipped: " + e.getMessage());
    }
  }

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void scansA500MibManifestInA256MibHeap(@TempDir Path dir) throws Exception {
    Path output = dir.resolve("child.out");
    Process child = ChildJvm.of(List.of("-Xmx256m", "-XX:+ExitOnOutOfMemoryError"), ScanStandardInput.class)
        .redirectErrorStream(true)
        .redirectOutput(output.toFile())
        .start();
    MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
    GeneratedManifest.Written written;
    long start = System.nanoTime();
    try (OutputStream stdin = new DigestOutputStream(new BufferedOutputStream(child.getOutputStream(), 1 << 16), sha256)) {
      written = GeneratedManifest.basedOn(base).writeTo(stdin, MANIFEST_BYTES, GIANT_SQL_BYTES);
    } catch (IOException e) {
      child.waitFor(30, TimeUnit.SECONDS);
      throw new AssertionError("the scanner stopped reading: " + Files.readString(output), e);
    }
    boolean exited = child.waitFor(3, TimeUnit.MINUTES);
    if (!exited) {
      child.destroyForcibly();
    }
    String printed = Files.readString(output);
    System.out.printf("500 MiB manifest through a 256 MiB child JVM in %d ms:%n%s%n",
        (System.nanoTime() - start) / 1_000_000, printed);

    assertThat(exited).as("child finished").isTrue();
    assertThat(child.exitValue()).as("exit code; output:%n%s", printed).isZero();
    Map<String, String> facts = parse(printed);
    assertThat(written.bytes()).isGreaterThanOrEqualTo(MANIFEST_BYTES);
    assertThat(facts).containsEntry("sizeBytes", Long.toString(written.bytes()))
        .containsEntry("sha256", HexFormat.of().formatHex(sha256.digest()))
        .containsEntry("schemaVersion", "12")
        .containsEntry("dbtVersion", "1.9.0");
    assertThat(counts(facts)).isEqualTo(written.counts());
    assertThat(written.counts().get("model")).isGreaterThan(50_000);
  }

  private static Map<String, String> parse(String printed) {
    Map<String, String> facts = new TreeMap<>();
    for (String line : List.of(printed.split("\n"))) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        facts.put(line.substring(0, eq), line.substring(eq + 1).strip());
      }
    }
    return facts;
  }

  private static Map<String, Long> counts(Map<String, String> facts) {
    Map<String, Long> counts = new TreeMap<>();
    facts.forEach((key, value) -> {
      if (key.startsWith("count.")) {
        counts.put(key.substring("count.".length()), Long.parseLong(value));
      }
    });
    return counts;
  }
}
