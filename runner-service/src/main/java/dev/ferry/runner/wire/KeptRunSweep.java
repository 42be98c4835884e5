package dev.ferry.runner.wire;

import dev.ferry.events.RunCompleted;
import dev.ferry.events.SafeNames;
import dev.ferry.events.Topics;
import dev.ferry.runner.RunnerProperties;
import dev.ferry.runner.artifacts.ArtifactUploader;
import dev.ferry.runner.artifacts.StoredArtifact;
import dev.ferry.runner.workspace.Folders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * Stores the artifacts of runs that kept them because the artifact store stayed away past
 * {@code ferry.runner.upload-retry-for}, and publishes the completion each still owes: at start-up
 * and every {@code ferry.runner.kept-retry-interval}, for every {@link KeptRun} under the work
 * folder. Once per run: a run whose owed completion is already recorded in the store (a sweep died
 * after publishing it) is only removed; a run the store still refuses is tried at the next sweep.
 * Runs on its own thread ({@link #schedule}).
 */
@Component
class KeptRunSweep {

  private static final Logger log = LoggerFactory.getLogger(KeptRunSweep.class);

  private final Path workDir;
  private final Duration interval;
  private final ArtifactUploader uploader;
  private final RunEventPublisher events;
  private final Topics topics;
  private final Counter sweeps;
  private final Counter stored;
  private final AtomicInteger waiting = new AtomicInteger();

  KeptRunSweep(RunnerProperties properties, ArtifactUploader uploader, RunEventPublisher events, Topics topics,
      MeterRegistry meters) {
    this.workDir = properties.workDir();
    this.interval = properties.keptRetryInterval();
    this.uploader = uploader;
    this.events = events;
    this.topics = topics;
    this.sweeps = Counter.builder("ferry.runner.kept.sweeps").description("Sweeps for runs whose artifacts wait on this runner")
        .register(meters);
    this.stored = Counter.builder("ferry.runner.kept.stored")
        .description("Runs whose kept artifacts were stored late and their completion published").register(meters);
    Gauge.builder("ferry.runner.kept.runs", waiting, AtomicInteger::get)
        .description("Runs whose artifacts wait on this runner for the artifact store").register(meters);
  }

  /** One sweep over the work folder. */
  void sweep() throws InterruptedException {
    List<Path> kept;
    try (Stream<Path> dirs = Files.list(workDir)) {
      kept = dirs.filter(dir -> SafeNames.isRunId(dir.getFileName().toString()) && KeptRun.isKept(dir)).toList();
    } catch (IOException e) {
      kept = List.of(); // no work folder yet
    }
    waiting.set(kept.size());
    for (Path dir : kept) {
      if (store(dir)) {
        waiting.decrementAndGet();
      }
    }
    sweeps.increment();
  }

  private boolean store(Path dir) throws InterruptedException {
    KeptRun run;
    try {
      run = KeptRun.read(dir, topics.runCompleted());
    } catch (IOException | RuntimeException e) {
      log.error("Kept run folder {} is unreadable ({}); leaving it for an operator", dir, e.getMessage());
      return false;
    }
    RunCompleted owed = run.owed();
    Optional<RunCompleted> recorded = events.recorded(owed.getWorkspace(), owed.getSchedule(), owed.getRunId());
    if (recorded.isEmpty() || recorded.get().getAttempt() != owed.getAttempt()) {
      List<StoredArtifact> artifacts;
      try {
        artifacts = uploader.upload(owed.getWorkspace(), owed.getSchedule(), owed.getRunId(), owed.getAttempt(), dir,
            run.files());
      } catch (ArtifactUploader.ArtifactStoreUnavailableException e) {
        log.warn("Kept artifacts of run {} still not stored ({}); trying again in {}", owed.getRunId(), e.getMessage(),
            interval);
        return false;
      }
      events.complete(RunCompleted.newBuilder(owed).setArtifacts(EventMapper.artifacts(artifacts)).build());
      stored.increment();
      log.info("Run {} of {}/{}: kept artifacts stored, completion {} published", owed.getRunId(), owed.getWorkspace(),
          owed.getSchedule(), owed.getStatus());
    }
    try {
      Folders.delete(dir);
    } catch (IOException e) {
      log.warn("Could not remove the kept run folder {}: {}", dir, e.getMessage());
    }
    return true;
  }

  /** Sweeps at once and then every {@code ferry.runner.kept-retry-interval} on its own thread, until closed. */
  Timer schedule() {
    ScheduledExecutorService timer =
        Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("kept-runs").daemon().factory());
    timer.scheduleWithFixedDelay(() -> {
      try {
        sweep();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      } catch (RuntimeException e) {
        log.error("Sweep for kept runs failed: {}", e.getMessage(), e);
      }
    }, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    return new Timer(timer);
  }

  /** The sweep's thread; closing it interrupts a sweep in progress. */
  record Timer(ScheduledExecutorService executor) implements AutoCloseable {
    @Override
    public void close() {
      executor.shutdownNow();
    }
  }
}
