package dev.ferry.manifest.index;

import dev.ferry.events.ArtifactRef;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunStatus;
import dev.ferry.events.ScheduleKey;
import dev.ferry.events.Topics;
import dev.ferry.events.Trigger;
import dev.ferry.manifest.store.CapturingInputStream;
import dev.ferry.manifest.store.ManifestStore;
import dev.ferry.manifest.wire.EventMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.zip.ZipException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListener;

/**
 * Indexes the manifest of each completed run, of any status, that stored one, CI runs excepted
 * (they build a pull request's code, not production's): reads the stored
 * object once, decompressing it as it streams, and checks its size, its SHA-256 and that it is a
 * dbt manifest. A manifest that passes is written to {@code ferry.manifests} (compacted, keyed by
 * workspace/schedule/run-id) before it is served, so every replica and every restart agrees. A run
 * indexed already (a redelivered RunCompleted) changes nothing; a retry of it (same run id, higher
 * attempt) replaces the earlier attempt's manifest under the same key. Beyond the configured history
 * length, the oldest manifests are dropped with tombstones, never the schedule's defer target.
 */
final class ManifestIndexer implements MessageListener<String, RunCompleted> {

  private static final Logger log = LoggerFactory.getLogger(ManifestIndexer.class);
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(60);
  /** Why a manifest is not indexed: the {@code reason} of {@code ferry_manifest_index_rejected_total}. */
  private static final List<String> REJECTION_REASONS =
      List.of("unsupported_encoding", "missing", "size_mismatch", "not_a_manifest", "sha256_mismatch");

  private final ManifestIndex index;
  private final ManifestStore store;
  private final ManifestScanner scanner;
  private final KafkaTemplate<String, SpecificRecord> kafka;
  private final Topics topics;
  private final int historyLimit;
  private final Clock clock;
  private final MeterRegistry meters;

  ManifestIndexer(ManifestIndex index, ManifestStore store, ManifestScanner scanner,
      KafkaTemplate<String, SpecificRecord> kafka, Topics topics, int historyLimit, Clock clock, MeterRegistry meters) {
    this.index = index;
    this.store = store;
    this.scanner = scanner;
    this.kafka = kafka;
    this.topics = topics;
    this.historyLimit = historyLimit;
    this.clock = clock;
    this.meters = meters;
    for (String reason : REJECTION_REASONS) {
      rejected(reason); // present at 0, so that increase() sees the first rejection
    }
  }

  @Override
  public void onMessage(ConsumerRecord<String, RunCompleted> record) {
    RunCompleted run = record.value();
    ScheduleKey schedule = new ScheduleKey(run.getWorkspace(), run.getSchedule());
    Optional<ArtifactRef> manifest = EventMapper.manifestOf(run);
    if (manifest.isEmpty()) {
      log.debug("Run {} of {} ({}) stored no manifest", run.getRunId(), schedule, run.getStatus());
      return;
    }
    if (run.getTrigger() == Trigger.CI) {
      // A CI run builds a pull request's code, not production's: deferring to it would point
      // developers and production runs at state that never merged.
      log.debug("Run {} of {} is a CI run; its manifest is not a defer target", run.getRunId(), schedule);
      return;
    }
    if (index.contains(schedule, run.getRunId(), run.getAttempt())) {
      log.debug("Run {} of {} (attempt {}) is indexed already", run.getRunId(), schedule, run.getAttempt());
      return;
    }
    if (index.wouldFallBeyond(schedule, run.getRunId(), run.getFinishedAt(), run.getStatus() == RunStatus.SUCCEEDED,
        historyLimit)) {
      log.debug("Run {} of {} is older than the {} manifests kept", run.getRunId(), schedule, historyLimit);
      return;
    }
    Optional<ManifestFacts> facts = check(run, schedule, manifest.get());
    if (facts.isEmpty()) {
      return;
    }
    IndexedManifest indexed = EventMapper.indexed(run, manifest.get(), facts.get(), clock.instant());
    send(indexed.recordKey(), EventMapper.pointer(indexed), schedule);
    index.add(indexed);
    Timer.builder("ferry.manifest.index.lag")
        .description("From a RunCompleted on Kafka to its manifest being indexed and served")
        .register(meters).record(Duration.between(Instant.ofEpochMilli(record.timestamp()), clock.instant()));
    String target = index.latest(schedule).map(IndexedManifest::runId).orElse("none");
    log.info("Indexed the manifest of run {} of {} ({}, git {}, finished {}, dbt {}, schema v{}); defer target: run {}",
        indexed.runId(), schedule, indexed.runStatus(), indexed.gitSha(), indexed.finishedAt(), indexed.dbtVersion(),
        indexed.schemaVersion(), target);
    prune(schedule);
  }

  /** Reads the stored manifest once; empty (logged and counted) when it must not be indexed. */
  private Optional<ManifestFacts> check(RunCompleted run, ScheduleKey schedule, ArtifactRef manifest) {
    if (!ManifestStore.canDecode(manifest.getEncoding())) {
      return reject(run, schedule, "unsupported_encoding", "is stored as '" + manifest.getEncoding() + "'");
    }
    Optional<ManifestStore.StoredManifest> stored = store.open(manifest.getUri());
    if (stored.isEmpty()) {
      return reject(run, schedule, "missing", "is not in the artifact store");
    }
    ManifestFacts facts;
    CapturingInputStream bytes = store.capturing(stored.get());
    try (bytes) {
      if (stored.get().sizeBytes() != manifest.getSizeBytes()) {
        return reject(run, schedule, "size_mismatch", "is stored with " + stored.get().sizeBytes()
            + " bytes, not the " + manifest.getSizeBytes() + " the run recorded");
      }
      facts = scanner.scan(ManifestStore.decoded(bytes, manifest.getEncoding()));
    } catch (InvalidManifestException e) {
      return reject(run, schedule, "not_a_manifest", "is not a dbt manifest: " + e.getMessage());
    } catch (ZipException e) {
      return reject(run, schedule, "not_a_manifest", "is not valid gzip: " + e.getMessage());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the manifest of run " + run.getRunId() + " from the artifact store", e);
    }
    if (!facts.sha256().equals(manifest.getSha256())) {
      return reject(run, schedule, "sha256_mismatch", "has SHA-256 " + facts.sha256() + ", not the "
          + manifest.getSha256() + " the run recorded");
    }
    store.rememberVerified(manifest.getUri(), bytes);
    return Optional.of(facts);
  }

  private Optional<ManifestFacts> reject(RunCompleted run, ScheduleKey schedule, String reason, String detail) {
    rejected(reason).increment();
    log.warn("Run {} of {} not indexed: its manifest {} {}", run.getRunId(), schedule,
        EventMapper.manifestOf(run).map(ArtifactRef::getUri).orElse("?"), detail);
    return Optional.empty();
  }

  private Counter rejected(String reason) {
    return Counter.builder("ferry.manifest.index.rejected").tag("reason", reason)
        .description("Manifests of completed runs that were not indexed, by reason").register(meters);
  }

  private void prune(ScheduleKey schedule) {
    for (IndexedManifest old : index.beyond(schedule, historyLimit)) {
      send(old.recordKey(), null, schedule);
      index.remove(schedule, old.runId());
      log.info("Dropped the manifest of run {} of {} from the history (finished {}; {} are kept)", old.runId(),
          schedule, old.finishedAt(), historyLimit);
    }
  }

  private void send(String key, SpecificRecord value, ScheduleKey schedule) {
    try {
      kafka.send(topics.manifests().name(), key, value).get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while writing the manifest index of " + schedule, e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not write the manifest index of " + schedule, e);
    }
  }
}
