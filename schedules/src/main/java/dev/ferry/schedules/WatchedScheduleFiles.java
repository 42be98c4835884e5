package dev.ferry.schedules;

import java.nio.file.Path;

/**
 * A schedules file or folder read at creation and again when asked, but only when its content
 * changed since the last look (by {@link ScheduleFiles#fingerprint}). What a look found is for the
 * caller to act on: a set that does not read is reported, never put in the place of the last good
 * one, and the same broken content is not reported twice. Not thread-safe; callers serialize.
 */
public final class WatchedScheduleFiles {

  /** What one look at the files found. */
  public sealed interface Change {
    /** The files are as they were at the last look. */
    record Unchanged() implements Change {}

    /** The files changed and read; {@code set} replaces the last good set. */
    record Loaded(ScheduleSet set) implements Change {}

    /** The files changed and do not read; the last good set stays. */
    record Failed(InvalidSchedulesException problems) implements Change {}
  }

  private static final Change UNCHANGED = new Change.Unchanged();

  private final SchedulesReader reader;
  private final Path path;
  private final ScheduleSet initial;
  private String fingerprint;

  /** Reads the files now; throws {@link InvalidSchedulesException} when they cannot be used. */
  public WatchedScheduleFiles(SchedulesReader reader, Path path) {
    this.reader = reader;
    this.path = path;
    this.fingerprint = ScheduleFiles.fingerprint(path);
    this.initial = reader.read(path);
  }

  public Path path() {
    return path;
  }

  /** The set read at creation. */
  public ScheduleSet initial() {
    return initial;
  }

  /** Reads the files again if their content changed since the last look. */
  public Change look() {
    String seen = ScheduleFiles.fingerprint(path);
    if (seen.equals(fingerprint)) {
      return UNCHANGED;
    }
    fingerprint = seen;
    try {
      return new Change.Loaded(reader.read(path));
    } catch (InvalidSchedulesException e) {
      return new Change.Failed(e);
    }
  }
}
