package dev.ferry.bench.indexing;

import dev.ferry.bench.BenchContext;
import dev.ferry.manifest.store.ManifestStore;
import dev.ferry.testing.GeneratedManifest;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;

/**
 * The manifests the indexing benchmark reads, written into its scratch folder as the runner stores
 * them: each folder holds {@code identity/} (the JSON as dbt wrote it) and {@code gzip/} (the same
 * bytes gzip-compressed at the runner's level, 6).
 *
 * @param corpus every manifest of the corpus
 * @param corpusBytes their uncompressed size, summed
 * @param generated one generated manifest, the corpus's biggest repeated
 * @param generatedBytes its uncompressed size
 */
record IndexingInputs(Path corpus, long corpusBytes, Path generated, long generatedBytes) {

  /** The corpus's biggest manifest (1.7 MB, dbt 1.9), the base of the generated ones. */
  static final String BIGGEST = "manifest__v12__jaffle_shop__manifest_1.9.json";

  static IndexingInputs write(BenchContext context, long generatedMinBytes) throws IOException {
    Path corpus = context.scratch().resolve("corpus");
    long corpusBytes = 0;
    for (Path manifest : corpusManifests(context.corpus())) {
      try (InputStream in = Files.newInputStream(manifest)) {
        corpusBytes += store(corpus, manifest.getFileName().toString(), in);
      }
    }
    Path generated = context.scratch().resolve("generated");
    Path json = generate(context, generated.resolve("manifest.json"), generatedMinBytes);
    long generatedBytes;
    try (InputStream in = Files.newInputStream(json)) {
      generatedBytes = store(generated, "manifest.json", in);
    }
    Files.delete(json);
    return new IndexingInputs(corpus, corpusBytes, generated, generatedBytes);
  }

  /** Writes a valid manifest of at least {@code minBytes} (real nodes repeated) to {@code file}. */
  static Path generate(BenchContext context, Path file, long minBytes) throws IOException {
    Files.createDirectories(file.getParent());
    try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
      GeneratedManifest.basedOn(context.corpusFile(BIGGEST)).writeTo(out, minBytes, 0);
    }
    return file;
  }

  /** Every file of {@code folder}'s sub-folder for {@code encoding}, in name order, as stored. */
  static byte[][] readStored(Path folder, String encoding) throws IOException {
    try (Stream<Path> files = Files.list(folder.resolve(encoding))) {
      List<Path> sorted = files.sorted().toList();
      byte[][] stored = new byte[sorted.size()][];
      for (int i = 0; i < stored.length; i++) {
        stored[i] = Files.readAllBytes(sorted.get(i));
      }
      return stored;
    }
  }

  /** The size of {@code folder}'s files as stored with {@code encoding}, summed. */
  static long storedBytes(Path folder, String encoding) throws IOException {
    try (Stream<Path> files = Files.list(folder.resolve(encoding))) {
      long bytes = 0;
      for (Path file : files.toList()) {
        bytes += Files.size(file);
      }
      return bytes;
    }
  }

  private static List<Path> corpusManifests(Path corpus) throws IOException {
    try (Stream<Path> files = Files.list(corpus)) {
      return files.filter(f -> f.getFileName().toString().startsWith("manifest__")).sorted().toList();
    }
  }

  /** Writes {@code json} into {@code folder} as stored both ways; returns its uncompressed size. */
  private static long store(Path folder, String name, InputStream json) throws IOException {
    Path identity = Files.createDirectories(folder.resolve(ManifestStore.IDENTITY)).resolve(name);
    Path gzip = Files.createDirectories(folder.resolve(ManifestStore.GZIP)).resolve(name + ".gz");
    long bytes = 0;
    byte[] buffer = new byte[1 << 16];
    try (OutputStream plain = new BufferedOutputStream(Files.newOutputStream(identity), 1 << 16);
        OutputStream compressed = new GZIPOutputStream(Files.newOutputStream(gzip), 1 << 16)) {
      for (int n; (n = json.read(buffer)) > 0; bytes += n) {
        plain.write(buffer, 0, n);
        compressed.write(buffer, 0, n);
      }
    }
    return bytes;
  }
}
