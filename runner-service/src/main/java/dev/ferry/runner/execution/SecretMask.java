package dev.ferry.runner.execution;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Hides secret values in what a run writes down: every occurrence of a secret in a log line is
 * replaced by {@value #MASK}, longest secrets first so that one containing another is masked
 * whole. Values shorter than {@value #MIN_LENGTH} characters are not masked: they would blank out
 * ordinary words and say more about the secret than they hide.
 */
public final class SecretMask {

  static final String MASK = "***";
  static final int MIN_LENGTH = 4;

  /** A mask that hides nothing. */
  public static final SecretMask NONE = new SecretMask(List.of());

  private final List<String> secrets;

  private SecretMask(List<String> secrets) {
    this.secrets = secrets;
  }

  public static SecretMask of(Collection<String> values) {
    return new SecretMask(values.stream().filter(Objects::nonNull).filter(v -> v.length() >= MIN_LENGTH).distinct()
        .sorted(Comparator.comparingInt(String::length).reversed()).toList());
  }

  public String apply(String line) {
    String masked = line;
    for (String secret : secrets) {
      if (masked.contains(secret)) {
        masked = masked.replace(secret, MASK);
      }
    }
    return masked;
  }

  /** Rewrites a text file with every line masked; a file that is not there, or a link, is left alone. */
  void applyTo(Path file) {
    if (secrets.isEmpty() || !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Path masked = file.resolveSibling(file.getFileName() + ".masked");
    try (BufferedReader in = new BufferedReader(new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8));
        BufferedWriter out = Files.newBufferedWriter(masked, StandardCharsets.UTF_8)) {
      for (String line = in.readLine(); line != null; line = in.readLine()) {
        out.write(apply(line));
        out.newLine();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mask secrets in " + file, e);
    }
    try {
      Files.move(masked, file, StandardCopyOption.REPLACE_EXISTING);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot mask secrets in " + file, e);
    }
  }
}
