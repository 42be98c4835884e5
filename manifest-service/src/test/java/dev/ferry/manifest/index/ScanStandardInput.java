package dev.ferry.manifest.index;

import dev.ferry.testing.ChildJvm;

/**
 * Scans the manifest on standard input and prints its facts as {@code key=value} lines; the child
 * process of {@link ManifestScannerHeapTest}, so that it runs in a heap of the test's choosing.
 */
final class ScanStandardInput {

  private ScanStandardInput() {}

  public static void main(String[] args) throws Exception {
    long start = System.nanoTime();
    ManifestFacts facts = new ManifestScanner().scan(System.in);
    long millis = (System.nanoTime() - start) / 1_000_000;
    System.out.println("sha256=" + facts.sha256());
    System.out.println("sizeBytes=" + facts.sizeBytes());
    System.out.println("schemaVersion=" + facts.schemaVersion());
    System.out.println("dbtVersion=" + facts.dbtVersion());
    facts.nodeCounts().forEach((type, n) -> System.out.println("count." + type + "=" + n));
    System.out.println("scanMillis=" + millis);
    System.out.println("maxHeapMiB=" + Runtime.getRuntime().maxMemory() / (1 << 20));
    System.out.println("peakHeapMiB=" + ChildJvm.peakHeapBytes() / (1 << 20));
  }
}
