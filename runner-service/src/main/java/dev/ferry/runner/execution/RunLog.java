package dev.ferry.runner.execution;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/**
 * The console log of a run: each command as it was started and everything it printed, in order,
 * with secrets masked. Uploaded as {@code ferry.log} at the end of the run. Written by one thread
 * at a time.
 */
final class RunLog implements AutoCloseable {

  private final Path file;
  private final BufferedWriter out;
  private final SecretMask mask;
  private final java.util.function.Consumer<String> follower;

  /** @param follower gets each line as written, masked: the live log */
  RunLog(Path file, SecretMask mask, java.util.function.Consumer<String> follower) {
    this.file = file;
    this.mask = mask;
    this.follower = follower;
    try {
      Files.createDirectories(file.getParent());
      this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run log " + file, e);
    }
  }

  synchronized void line(String text) {
    try {
      String masked = mask.apply(text);
      out.write(masked);
      follower.accept(masked);
      out.newLine();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the run log " + file, e);
    }
  }

  void event(Instant at, String text) {
    line("[ferry " + at + "] " + text);
  }

  @Override
  public synchronized void close() {
    try {
      out.close();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close the run log " + file, e);
    }
  }
}
