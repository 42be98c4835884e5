package dev.ferry.bench.indexing;

import dev.ferry.bench.BenchContext;
import dev.ferry.bench.Benchmark;
import dev.ferry.bench.jmh.JmhFork;
import dev.ferry.bench.report.Comparison;
import dev.ferry.bench.report.Goal;
import dev.ferry.bench.report.Paired;
import dev.ferry.bench.report.Section;
import dev.ferry.bench.report.Series;
import dev.ferry.manifest.store.ManifestStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * The manifest service's streaming scan against a bare Jackson token pass over the same bytes
 * (JMH, {@link ScanThroughput}), uncompressed and gzip-compressed as stored in S3, on the corpus and
 * on a generated 100 MB manifest; and the heap both use on a generated 500 MB manifest
 * ({@link PeakHeap}).
 */
public final class Indexing implements Benchmark {

  private static final long GENERATED_BYTES = 100_000_000L;
  private static final long HEAP_MANIFEST_BYTES = 500_000_000L;
  private static final int WARMUPS = 2;
  private static final int ITERATIONS = 3;
  private static final Goal GOAL = Goal.atLeast(0.5);
  private static final Options JMH = new OptionsBuilder()
      .warmupIterations(WARMUPS).warmupTime(TimeValue.seconds(1))
      .measurementIterations(ITERATIONS).measurementTime(TimeValue.seconds(1))
      .build();

  @Override
  public String id() {
    return "indexing";
  }

  @Override
  public int defaultRounds() {
    return 3;
  }

  @Override
  public Section run(BenchContext context) throws Exception {
    IndexingInputs inputs = IndexingInputs.write(context, GENERATED_BYTES);
    Section section = new Section(id());
    String corpus = "17 corpus manifests (" + megabytes(inputs.corpusBytes()) + ")";
    String generated = "generated manifest (" + megabytes(inputs.generatedBytes()) + ")";
    for (String encoding : List.of(ManifestStore.IDENTITY, ManifestStore.GZIP)) {
      String stored = encoding.equals(ManifestStore.IDENTITY) ? ", uncompressed" : ", gzip as stored";
      section.compare(throughput(context.rounds(), corpus + stored, inputs.corpus(), inputs.corpusBytes(), encoding));
      section.compare(throughput(context.rounds(), generated + stored, inputs.generated(), inputs.generatedBytes(), encoding));
    }
    Path big = IndexingInputs.generate(context, context.scratch().resolve("heap").resolve("manifest.json"), HEAP_MANIFEST_BYTES);
    heap(section, big, context.rounds());
    return section
        .fact("Throughput: MB/s (10^6 bytes) of uncompressed JSON, gzip rows included. Each round runs one JMH fork of "
            + "the scan and one of the token pass back to back (%d warm-up and %d measured iterations of 1 s, average time "
            + "per operation); an operation reads every manifest of its set from memory", WARMUPS, ITERATIONS)
        .fact("gzip as stored: level 6, %s → %s and %s → %s; both sides decompress through the indexer's "
                + "GZIPInputStream (ManifestStore.decoded)",
            megabytes(inputs.corpusBytes()), megabytes(IndexingInputs.storedBytes(inputs.corpus(), ManifestStore.GZIP)),
            megabytes(inputs.generatedBytes()), megabytes(IndexingInputs.storedBytes(inputs.generated(), ManifestStore.GZIP)))
        .fact("Heap: a %s manifest read from a file in a child JVM with -Xmx%s (G1); peak = the heap pools' peak usage, "
            + "garbage included; live = the most still in use after a collection", megabytes(Files.size(big)), PeakHeap.MAX_HEAP);
  }

  private static Comparison throughput(int rounds, String figure, Path folder, long bytes, String encoding) throws Exception {
    Paired.Result result = JmhFork.paired(rounds, JMH, ScanThroughput.class, "scan", "tokenPass",
        Map.of("folder", folder.toString(), "encoding", encoding));
    // JMH measures milliseconds per operation; an operation reads `bytes` of JSON.
    Series scan = megabytesPerSecond("scan", result.subject(), bytes);
    Series tokens = megabytesPerSecond("token pass", result.baseline(), bytes);
    // The goal is the scanner's own speed; with gzip, decompression on both sides narrows the gap.
    return encoding.equals(ManifestStore.IDENTITY) ? Comparison.of(figure, scan, tokens, GOAL) : Comparison.of(figure, scan, tokens);
  }

  private static Series megabytesPerSecond(String name, List<Double> millisPerOperation, long bytes) {
    return new Series(name, "MB/s", millisPerOperation.stream().mapToDouble(millis -> bytes / (millis * 1000)).toArray());
  }

  private static void heap(Section section, Path manifest, int rounds) throws Exception {
    List<PeakHeap.HeapUse> scans = new ArrayList<>();
    List<PeakHeap.HeapUse> passes = new ArrayList<>();
    Paired.measure(0, rounds,
        () -> record(scans, PeakHeap.measure(PeakHeap.Reader.SCAN, manifest)),
        () -> record(passes, PeakHeap.measure(PeakHeap.Reader.TOKEN_PASS, manifest)));
    section.compare(heapComparison("peak heap, 500 MB manifest", scans, passes, PeakHeap.HeapUse::peakMiB));
    section.compare(heapComparison("live heap after GC, 500 MB manifest", scans, passes, PeakHeap.HeapUse::liveMiB));
  }

  private static double record(List<PeakHeap.HeapUse> uses, PeakHeap.HeapUse use) {
    uses.add(use);
    return use.peakMiB();
  }

  private static Comparison heapComparison(String figure, List<PeakHeap.HeapUse> scans, List<PeakHeap.HeapUse> passes,
      ToDoubleFunction<PeakHeap.HeapUse> value) {
    return Comparison.of(figure, new Series("scan", "MiB", scans.stream().mapToDouble(value).toArray()),
        new Series("token pass", "MiB", passes.stream().mapToDouble(value).toArray()));
  }

  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1e6);
  }
}
