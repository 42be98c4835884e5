package dev.ferry.bench.indexing;

import dev.ferry.manifest.index.ManifestScanner;
import dev.ferry.manifest.store.ManifestStore;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * JMH benchmarks of {@link Indexing}: one operation reads every manifest of a folder from memory,
 * decoded as the indexer decodes what it fetches from S3 ({@link ManifestStore#decoded}), either
 * with the scanner or with the bare token pass.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class ScanThroughput {

  /** A folder of {@link IndexingInputs}: its manifests as stored, in a sub-folder per encoding. */
  @Param("")
  public String folder;

  /** How the manifests are stored: identity or gzip. */
  @Param({ManifestStore.IDENTITY, ManifestStore.GZIP})
  public String encoding;

  private final ManifestScanner scanner = new ManifestScanner();
  private byte[][] stored;

  @Setup
  public void read() throws IOException {
    stored = IndexingInputs.readStored(Path.of(folder), encoding);
  }

  @Benchmark
  public void scan(Blackhole blackhole) throws Exception {
    for (byte[] manifest : stored) {
      blackhole.consume(scanner.scan(decoded(manifest)));
    }
  }

  @Benchmark
  public void tokenPass(Blackhole blackhole) throws IOException {
    for (byte[] manifest : stored) {
      blackhole.consume(TokenPass.count(decoded(manifest)));
    }
  }

  private InputStream decoded(byte[] manifest) throws IOException {
    return ManifestStore.decoded(new ByteArrayInputStream(manifest), encoding);
  }
}
