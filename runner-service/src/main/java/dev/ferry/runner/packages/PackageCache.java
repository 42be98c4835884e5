package dev.ferry.runner.packages;

import dev.ferry.runner.RunnerProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Installs a run's dbt packages from a cache under {@code <work-dir>/cache/dbt-packages}, keyed by
 * {@link PackagesKey}, so that {@code dbt deps} runs only when what it would install changed. A
 * miss runs {@code dbt deps} in the run's checkout as before and then stores a copy of what it
 * installed: into a temporary folder first, moved into place in one atomic rename, so that a
 * runner that dies mid-copy, or two runs storing the same key, never leave a half entry. A hit
 * copies the entry into the checkout's install folder; the user's files are never changed. Local
 * packages, which dbt installs as links to their folder in the checkout, are stored as links
 * relative to the install folder, so they lead into each run's own checkout. Runs of one key take
 * turns, so the second of two simultaneous runs uses what the first installed.
 */
@Component
public class PackageCache {

  private static final Logger log = LoggerFactory.getLogger(PackageCache.class);
  /** Entries no run used for this long are removed when another one is stored. */
  static final Duration UNUSED_FOR = Duration.ofDays(7);
  private static final String PACKAGES = "packages";
  private static final String LAST_USED = "last-used";
  private static final String TEMPORARY = ".tmp-";

  private final Path root;
  private final DbtVersion dbtVersion;
  private final Clock clock;
  private final ConcurrentMap<String, ReentrantLock> locks = new ConcurrentHashMap<>();
  private final MeterRegistry meters;

  /** Runs {@code dbt deps} in the run's project folder, as one of its commands; true when it succeeded. */
  @FunctionalInterface
  public interface Deps {
    boolean run() throws InterruptedException;
  }

  PackageCache(RunnerProperties properties, MeterRegistry meters, Clock clock) {
    this.root = properties.workDir().resolve("cache/dbt-packages").toAbsolutePath();
    this.dbtVersion = new DbtVersion(properties.dbtExecutable(), properties.workDir().resolve("cache"),
        properties.environment());
    this.meters = meters;
    this.clock = clock;
  }

  /** Asks dbt its version once the runner is up, so that the first run with packages does not wait for it. */
  @EventListener(ApplicationReadyEvent.class)
  void learnTheDbtVersion() {
    Thread.ofVirtual().name("dbt-version").start(() -> {
      try {
        dbtVersion.get();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
  }

  /**
   * Makes the project's packages ready: nothing when it has none, the cached install when its key
   * is known, else {@code deps}, whose result is then cached when the key is known.
   *
   * @param checkout the root of the run's checkout, which local packages' links lead into
   * @param note a line for the run's log
   * @return false when {@code dbt deps} failed
   */
  public boolean install(Path projectDir, Path checkout, java.util.Map<String, String> environment, Deps deps,
      Consumer<String> note) throws InterruptedException {
    if (!PackagesKey.hasPackages(projectDir)) {
      return true;
    }
    PackagesKey.Result result = dbtVersion.get()
        .map(version -> PackagesKey.of(projectDir, version, environment))
        .orElse(new PackagesKey.Uncacheable("the dbt version is unknown"));
    if (result instanceof PackagesKey.Key key && Files.exists(key.installDir())) {
      result = new PackagesKey.Uncacheable("the checkout has its own " + projectDir.relativize(key.installDir()));
    }
    return switch (result) {
      case PackagesKey.Uncacheable why -> {
        note.accept("packages not cached: " + why.reason());
        yield counted(deps.run());
      }
      case PackagesKey.Key key -> install(key, checkout, deps, note);
    };
  }

  private boolean install(PackagesKey.Key key, Path checkout, Deps deps, Consumer<String> note)
      throws InterruptedException {
    ReentrantLock lock = locks.computeIfAbsent(key.hash(), k -> new ReentrantLock());
    lock.lockInterruptibly();
    try {
      Path entry = root.resolve(key.hash());
      if (Files.isDirectory(entry.resolve(PACKAGES)) && restore(entry, key.installDir())) {
        note.accept("packages from the cache (" + shortKey(key) + "); dbt deps not run");
        count("cached");
        return true;
      }
      note.accept("packages changed or not cached yet (" + shortKey(key) + "); running dbt deps");
      if (!counted(deps.run())) {
        return false;
      }
      store(key, checkout, entry);
      return true;
    } finally {
      lock.unlock();
    }
  }

  private boolean restore(Path entry, Path installDir) {
    try {
      Files.setLastModifiedTime(Files.createDirectories(entry).resolve(LAST_USED), FileTime.from(clock.instant()));
      PackageTrees.copy(entry.resolve(PACKAGES), installDir, link -> link);
      return true;
    } catch (IOException e) {
      log.warn("Cached packages {} unusable ({}); running dbt deps", entry.getFileName(), e.getMessage());
      PackageTrees.deleteQuietly(installDir);
      return false;
    }
  }

  /** Stores what dbt installed; a failure here costs only the next run a dbt deps. */
  private void store(PackagesKey.Key key, Path checkout, Path entry) {
    Path temporary = root.resolve(TEMPORARY + UUID.randomUUID());
    try {
      Files.createDirectories(temporary);
      Path installed = key.installDir();
      if (Files.isDirectory(installed)) {
        PackageTrees.copy(installed, temporary.resolve(PACKAGES),
            link -> PackageTrees.relativeIfInside(link, checkout));
      } else {
        Files.createDirectories(temporary.resolve(PACKAGES));
      }
      Files.writeString(temporary.resolve(LAST_USED), "");
      Files.move(temporary, entry, StandardCopyOption.ATOMIC_MOVE);
      log.info("Stored dbt packages {} in the cache", shortKey(key));
    } catch (FileAlreadyExistsException | DirectoryNotEmptyException e) {
      log.debug("dbt packages {} were stored meanwhile", shortKey(key));
    } catch (IOException | java.io.UncheckedIOException e) {
      log.warn("Could not cache dbt packages {}: {}", shortKey(key), e.getMessage());
    } finally {
      PackageTrees.deleteQuietly(temporary);
    }
    evictUnused(key.hash());
  }

  /** Removes entries unused for {@link #UNUSED_FOR}, and temporary folders a dead runner left. */
  private void evictUnused(String current) {
    try (Stream<Path> entries = Files.list(root)) {
      for (Path entry : entries.toList()) {
        String name = entry.getFileName().toString();
        Path marker = name.startsWith(TEMPORARY) ? entry : entry.resolve(LAST_USED);
        if (name.equals(current) || !Files.exists(marker)
            || Files.getLastModifiedTime(marker).toInstant().isAfter(clock.instant().minus(UNUSED_FOR))) {
          continue;
        }
        ReentrantLock lock = locks.computeIfAbsent(name, k -> new ReentrantLock());
        if (lock.tryLock()) {
          try {
            PackageTrees.deleteQuietly(entry);
          } finally {
            lock.unlock();
          }
        }
      }
    } catch (IOException e) {
      log.debug("Could not clean the package cache: {}", e.getMessage());
    }
  }

  private boolean counted(boolean succeeded) {
    count(succeeded ? "installed" : "failed");
    return succeeded;
  }

  private void count(String result) {
    Counter.builder("ferry.runner.deps")
        .description("dbt package installs of runs: installed (dbt deps ran), cached (taken from the cache), failed")
        .tag("result", result).register(meters).increment();
  }

  private static String shortKey(PackagesKey.Key key) {
    return "key " + key.hash().substring(0, 12);
  }
}
