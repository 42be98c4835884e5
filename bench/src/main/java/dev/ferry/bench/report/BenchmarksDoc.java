package dev.ferry.bench.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Writes a benchmark's generated block into {@code docs/benchmarks.md}: between
 * {@code <!-- bench:ID -->} and {@code <!-- /bench:ID -->}, leaving the hand-written reading around
 * it alone; a section not there yet is appended at the end.
 */
public final class BenchmarksDoc {

  private final Path file;

  public BenchmarksDoc(Path file) {
    this.file = file;
  }

  /** Replaces (or appends) the block of {@code id}; returns whether it was already there. */
  public boolean write(String id, String block) throws IOException {
    String text = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "# Benchmarks\n";
    String open = "<!-- bench:" + id + " -->";
    String close = "<!-- /bench:" + id + " -->";
    String replacement = open + "\n" + block.strip() + "\n" + close;
    int start = text.indexOf(open);
    int end = text.indexOf(close);
    boolean present = start >= 0 && end > start;
    String updated = present
        ? text.substring(0, start) + replacement + text.substring(end + close.length())
        : text.stripTrailing() + "\n\n## " + id + "\n\n" + replacement + "\n";
    Path temporary = file.resolveSibling(file.getFileName() + ".tmp");
    Files.writeString(temporary, updated, StandardCharsets.UTF_8);
    Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    return present;
  }
}
