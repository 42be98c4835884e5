package dev.ferry.bench.indexing;

import dev.ferry.manifest.index.ManifestScanner;
import dev.ferry.testing.ChildJvm;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The heap figures of {@link Indexing}: a manifest file read in a child JVM of its own, limited to
 * {@link #MAX_HEAP}, by the scanner or by the token pass; the child prints the most heap it used
 * ({@link ChildJvm#peakHeapBytes}, garbage included) and the most it still used after a collection
 * ({@link LiveHeapPeak}).
 */
final class PeakHeap {

  static final String MAX_HEAP = "256m";

  /** What reads the manifest in the child. */
  enum Reader { SCAN, TOKEN_PASS }

  /** What one child used, in MiB. */
  record HeapUse(double peakMiB, double liveMiB) {}

  private PeakHeap() {}

  /** Reads {@code manifest} with {@code reader} in a child JVM and returns the heap it used. */
  static HeapUse measure(Reader reader, Path manifest) throws IOException, InterruptedException {
    Process child = ChildJvm.of(List.of("-Xmx" + MAX_HEAP, "-XX:+ExitOnOutOfMemoryError"), PeakHeap.class,
            reader.name(), manifest.toString())
        .redirectErrorStream(true)
        .start();
    String printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (!child.waitFor(5, TimeUnit.MINUTES) || child.exitValue() != 0) {
      child.destroyForcibly();
      throw new IllegalStateException(reader + " of " + manifest + " failed in its child JVM:\n" + printed);
    }
    return new HeapUse(mebibytes(printed, "peakHeapBytes"), mebibytes(printed, "liveHeapBytes"));
  }

  private static double mebibytes(String printed, String key) {
    String line = printed.lines().filter(l -> l.startsWith(key + "=")).findFirst()
        .orElseThrow(() -> new IllegalStateException("the child printed no " + key + ":\n" + printed));
    return Long.parseLong(line.substring(key.length() + 1)) / (double) (1 << 20);
  }

  /** The child: {@code PeakHeap SCAN|TOKEN_PASS manifest.json}. */
  public static void main(String[] args) throws Exception {
    Reader reader = Reader.valueOf(args[0]);
    LiveHeapPeak live = LiveHeapPeak.watch();
    try (InputStream manifest = Files.newInputStream(Path.of(args[1]))) {
      switch (reader) {
        case SCAN -> new ManifestScanner().scan(manifest);
        case TOKEN_PASS -> TokenPass.count(manifest);
      }
    }
    System.out.println("peakHeapBytes=" + ChildJvm.peakHeapBytes());
    Thread.sleep(200); // the last collection's notification comes on the JVM's notification thread
    System.out.println("liveHeapBytes=" + live.bytes());
    System.out.println("collections=" + live.collections());
  }
}
