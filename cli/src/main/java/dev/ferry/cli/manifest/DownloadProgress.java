package dev.ferry.cli.manifest;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * One {@code \r}-updated line on stderr while a large manifest downloads: bytes so far, the total when
 * known, and the rate. Silent unless a person watches stderr and the download is over a few MB.
 * Used by the one thread that downloads.
 */
public final class DownloadProgress {

  /** Below this a download is over before a bar would help. */
  public static final long THRESHOLD_BYTES = 4L * 1024 * 1024;
  private static final long REDRAW_NANOS = 100_000_000L;

  private final PrintWriter err;
  private final boolean enabled;
  private final long total;
  private final long startNanos = System.nanoTime();
  private long bytes;
  private long lastDrawNanos;
  private boolean drawn;

  /**
   * @param total the expected number of bytes on the wire, or -1 when unknown
   */
  public DownloadProgress(PrintWriter err, boolean enabled, long total) {
    this.err = err;
    this.enabled = enabled;
    this.total = total;
  }

  /** Whether a bar is wanted: a terminal on stderr, unless {@code FERRY_PROGRESS} says always or never. */
  public static boolean wanted(String ferryProgress, boolean stderrIsTerminal) {
    if ("always".equalsIgnoreCase(ferryProgress) || "1".equals(ferryProgress)) {
      return true;
    }
    if ("never".equalsIgnoreCase(ferryProgress) || "0".equals(ferryProgress)) {
      return false;
    }
    return stderrIsTerminal;
  }

  public void add(long n) {
    bytes += n;
    if (!enabled || Math.max(bytes, total) < THRESHOLD_BYTES) {
      return;
    }
    long now = System.nanoTime();
    if (!drawn || now - lastDrawNanos >= REDRAW_NANOS) {
      draw(now);
    }
  }

  /** Draws the final state and ends the line, if a bar was shown. */
  public void finish() {
    if (drawn) {
      draw(System.nanoTime());
      err.print('\n');
      err.flush();
    }
  }

  private void draw(long now) {
    double seconds = Math.max(1e-3, (now - startNanos) / 1e9);
    String line = "\rferry: downloading manifest " + mb(bytes) + (total > 0 ? " / " + mb(total) : "")
        + (total > 0 ? String.format(Locale.ROOT, " (%d%%)", bytes * 100 / total) : "")
        + "  " + mb((long) (bytes / seconds)) + "/s   ";
    err.print(line);
    err.flush();
    drawn = true;
    lastDrawNanos = now;
  }

  private static String mb(long n) {
    return String.format(Locale.ROOT, "%.1f MB", n / (1024.0 * 1024.0));
  }
}
