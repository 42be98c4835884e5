package dev.ferry.scheduler.schedule;

import dev.ferry.schedules.InvalidSchedulesException;
import dev.ferry.schedules.ScheduleSet;
import dev.ferry.schedules.SchedulesReader;
import dev.ferry.schedules.WatchedScheduleFiles;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedules in force, read from a file or folder at start-up and again on each
 * {@link #reload()}. A file set with problems never replaces the set in force: it stays, and the
 * problems are logged once per change of the files and kept in {@link #status()}.
 * Readers may call from any thread; reloads are serialized.
 */
public final class LiveSchedules implements ScheduleSource {

  private static final Logger log = LoggerFactory.getLogger(LiveSchedules.class);

  /** What one reload did. */
  public enum Outcome { UNCHANGED, LOADED, FAILED }

  private final WatchedScheduleFiles files;
  private final Path path;
  private final Clock clock;
  private final List<Consumer<ScheduleCatalog>> listeners = new CopyOnWriteArrayList<>();
  private volatile ScheduleCatalog current;
  private volatile ReloadStatus status;

  /** Loads the schedules once; throws {@link InvalidSchedulesException} when they cannot be used. */
  public LiveSchedules(SchedulesReader reader, Path path, Clock clock) {
    this.files = new WatchedScheduleFiles(reader, path);
    this.path = path;
    this.clock = clock;
    ScheduleSet set = files.initial();
    Instant now = clock.instant();
    this.current = new ScheduleCatalog(set.schedules());
    this.status = new ReloadStatus(path, set.files(), set.schedules().size(), now, now, List.of());
  }

  @Override
  public ScheduleCatalog current() {
    return current;
  }

  public ReloadStatus status() {
    return status;
  }

  @Override
  public void onChange(Consumer<ScheduleCatalog> listener) {
    listeners.add(listener);
  }

  /** Reads the files again if they changed since the last look, and puts them in force if they are valid. */
  public synchronized Outcome reload() {
    Instant now = clock.instant();
    ReloadStatus before = status;
    return switch (files.look()) {
      case WatchedScheduleFiles.Change.Unchanged unchanged -> {
        status = new ReloadStatus(path, before.files(), before.schedules(), before.loadedAt(), now, before.problems());
        yield Outcome.UNCHANGED;
      }
      case WatchedScheduleFiles.Change.Loaded(ScheduleSet set) -> {
        current = new ScheduleCatalog(set.schedules());
        status = new ReloadStatus(path, set.files(), set.schedules().size(), now, now, List.of());
        log.info("Reloaded {} schedules from {}: {}", set.schedules().size(), path,
            set.schedules().stream().map(s -> s.name()).toList());
        listeners.forEach(listener -> listener.accept(current));
        yield Outcome.LOADED;
      }
      case WatchedScheduleFiles.Change.Failed(InvalidSchedulesException e) -> {
        status = new ReloadStatus(path, before.files(), before.schedules(), before.loadedAt(), now, e.problems());
        log.warn("Schedules in {} changed but have {} problem(s); keeping the {} schedules loaded at {}:\n{}", path,
            e.problems().size(), before.schedules(), before.loadedAt(), e.getMessage());
        yield Outcome.FAILED;
      }
    };
  }
}
