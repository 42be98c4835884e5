package dev.ferry.manifest.index;

import dev.ferry.events.RunCompleted;
import dev.ferry.events.Topics;
import dev.ferry.manifest.store.ManifestStore;
import dev.ferry.manifest.wire.EventMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.MessageListener;

/**
 * Turns each RunCompleted into the schedule's new defer target when it is one: a SUCCEEDED run
 * that stored a manifest, finished later than the current target, whose manifest object exists
 * with the size the run recorded. The pointer is written to {@code ferry.manifests} (compacted,
 * keyed by workspace/schedule) before it is served, so every replica and every restart agrees.
 */
final class ManifestIndexer implements MessageListener<String, RunCompleted> {

  private static final Logger log = LoggerFactory.getLogger(ManifestIndexer.class);
  private static final Duration PUBLISH_TIMEOUT = Duration.ofSeconds(60);

  private final DeferTargets targets;
  private final ManifestStore store;
  private final KafkaTemplate<String, SpecificRecord> kafka;
  private final Topics topics;
  private final Clock clock;
  private final MeterRegistry meters;

  ManifestIndexer(DeferTargets targets, ManifestStore store, KafkaTemplate<String, SpecificRecord> kafka, Topics topics,
      Clock clock, MeterRegistry meters) {
    this.targets = targets;
    this.store = store;
    this.kafka = kafka;
    this.topics = topics;
    this.clock = clock;
    this.meters = meters;
  }

  @Override
  public void onMessage(ConsumerRecord<String, RunCompleted> record) {
    RunCompleted run = record.value();
    Optional<DeferTarget> candidate = EventMapper.candidate(run, clock.instant());
    if (candidate.isEmpty()) {
      log.debug("Run {} of {}/{} ({}) offers no manifest to defer to", run.getRunId(), run.getWorkspace(),
          run.getSchedule(), run.getStatus());
      return;
    }
    DeferTarget target = candidate.get();
    if (!target.isNewerThan(targets.find(target.schedule()).orElse(null))) {
      log.info("Run {} of {} is not newer than the current defer target; pointer unchanged", target.runId(),
          target.schedule());
      return;
    }
    Optional<Long> stored = store.sizeOf(target.manifestUri());
    if (stored.isEmpty() || stored.get() != target.sizeBytes()) {
      reject(target, stored.isEmpty() ? "missing" : "size_mismatch");
      return;
    }
    publish(target);
    targets.offer(target);
    meters.timer("ferry.manifest.index.lag").record(Duration.between(target.finishedAt(), clock.instant()));
    log.info("{} now defers to run {} (git {}, finished {})", target.schedule(), target.runId(), target.gitSha(),
        target.finishedAt());
  }

  private void reject(DeferTarget target, String reason) {
    Counter.builder("ferry.manifest.index.rejected").tag("reason", reason)
        .description("Completed runs whose manifest could not be indexed").register(meters).increment();
    log.warn("Run {} of {} not indexed: its manifest {} is {}", target.runId(), target.schedule(),
        target.manifestUri(), reason.replace('_', ' '));
  }

  private void publish(DeferTarget target) {
    try {
      kafka.send(topics.manifests().name(), target.schedule().toString(), EventMapper.pointer(target))
          .get(PUBLISH_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while publishing the pointer of " + target.schedule(), e);
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not publish the pointer of " + target.schedule(), e);
    }
  }
}
