package dev.ferry.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where a benchmark runs: the checkout (for the CLI jar, the example project and the dbt venv),
 * the shared corpus of real dbt artifacts, a scratch directory of its own, and how many rounds.
 */
public record BenchContext(Path checkout, Path corpus, Path scratch, int rounds) {

  /** A real manifest of the corpus, by file name. */
  public Path corpusFile(String name) {
    Path file = corpus.resolve(name);
    if (!Files.isRegularFile(file)) {
      throw new IllegalStateException("no " + file + "; the benchmarks need ../shared/corpus beside the checkout");
    }
    return file;
  }
}
