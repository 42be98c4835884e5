package dev.ferry.scheduler.firing;

import dev.ferry.events.RunCancelRequested;
import dev.ferry.events.RunRequested;
import dev.ferry.events.ScheduleKey;
import dev.ferry.events.Topics;
import dev.ferry.events.serde.EventSerializer;
import dev.ferry.scheduler.trigger.TickRecord;
import dev.ferry.scheduler.wire.EventMapper;
import dev.ferry.support.tracing.KafkaSendObservation;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.InvalidProducerEpochException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The transactional producer of one partition of the ticks topic. Its {@code transactional.id}
 * names the partition, so the partition's next owner fences it with its own
 * {@code initTransactions()}: from then on this producer cannot commit, and a transaction it had
 * open is aborted. Each {@link #emit} writes the tick records of a batch of decisions and the
 * RunRequested of each fired one in one transaction. Each RunRequested starts a trace of its own
 * (its {@code traceparent} header), which the run's events carry on. Used by the firing thread only.
 */
final class TickEmitter implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(TickEmitter.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  /** The producer name of its sends in {@code spring_kafka_template_seconds}. */
  private static final String OBSERVED_AS = "tickEmitter";

  /** A tick decision and, when it fired, its RunRequested. */
  record Decision(TickRecord tick, RunRequested request, List<RunCancelRequested> cancels) {

    Decision(TickRecord tick, RunRequested request) {
      this(tick, request, List.of());
    }
  }

  /** Another replica owns the partition now; this emitter is closed and must not be used again. */
  static final class FencedException extends RuntimeException {
    FencedException(String transactionalId, Throwable cause) {
      super("producer " + transactionalId + " was fenced: another replica owns its partition", cause);
    }
  }

  private final KafkaProducer<String, SpecificRecord> producer;
  private final String transactionalId;
  private final Topics topics;
  private final int partition;
  private final ObservationRegistry observations;

  TickEmitter(Map<String, Object> producerConfig, String transactionalId, Topics topics, int partition,
      ObservationRegistry observations) {
    Map<String, Object> config = new HashMap<>(producerConfig);
    config.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    config.put(ProducerConfig.ACKS_CONFIG, "all");
    config.put(ProducerConfig.CLIENT_ID_CONFIG, transactionalId);
    this.producer = new KafkaProducer<>(config, new StringSerializer(), new EventSerializer<>());
    this.transactionalId = transactionalId;
    this.topics = topics;
    this.partition = partition;
    this.observations = observations;
  }

  /** Takes the transactional id over: fences its previous holder and completes or aborts what it left open. */
  void init() {
    try {
      producer.initTransactions();
    } catch (KafkaException e) {
      throw fencedOr(e);
    }
  }

  /** Writes the decisions in one transaction; throws {@link FencedException}, or a KafkaException after aborting. */
  void emit(List<Decision> decisions) {
    inTransaction(runs -> {
      for (Decision decision : decisions) {
        TickRecord tick = decision.tick();
        String key = new ScheduleKey(tick.workspace(), tick.schedule()).toString();
        for (RunCancelRequested cancel : decision.cancels()) {
          producer.send(new ProducerRecord<>(topics.runControl().name(), cancel.getRunId(), cancel));
        }
        if (decision.request() != null) {
          sendRun(new ProducerRecord<>(topics.runRequested().name(), key, decision.request()), runs);
        }
        producer.send(new ProducerRecord<>(topics.schedulerTicks().name(), partition, key, EventMapper.toEvent(tick)));
      }
    });
  }

  /**
   * Writes records of the run lifecycle in one transaction; fails as {@link #emit} does. Each
   * RunRequested among them (a retry, an on-completion run) starts a trace of its own.
   */
  void emitRecords(List<ProducerRecord<String, SpecificRecord>> records) {
    inTransaction(runs -> records.forEach(record -> {
      if (record.topic().equals(topics.runRequested().name())) {
        sendRun(record, runs);
      } else {
        producer.send(record);
      }
    }));
  }

  /** Sends a RunRequested as the first record of a new trace, observed until the transaction ends. */
  private void sendRun(ProducerRecord<String, SpecificRecord> request, List<Observation> runs) {
    runs.add(KafkaSendObservation.startNewTrace(request, OBSERVED_AS, observations));
    producer.send(request);
  }

  private void inTransaction(java.util.function.Consumer<List<Observation>> sends) {
    List<Observation> runs = new ArrayList<>();
    try {
      producer.beginTransaction();
      sends.accept(runs);
      producer.commitTransaction();
      runs.forEach(Observation::stop);
    } catch (KafkaException e) {
      RuntimeException failure = fencedOr(e);
      if (!(failure instanceof FencedException)) {
        runs.forEach(run -> run.error(e));
        abort();
      }
      runs.forEach(Observation::stop);
      throw failure;
    }
  }

  private void abort() {
    try {
      producer.abortTransaction();
    } catch (RuntimeException e) {
      log.debug("Aborting the transaction of {} failed too: {}", transactionalId, e.toString());
    }
  }

  private RuntimeException fencedOr(KafkaException e) {
    for (Throwable cause = e; cause != null; cause = cause.getCause()) {
      if (cause instanceof ProducerFencedException || cause instanceof InvalidProducerEpochException) {
        return new FencedException(transactionalId, e);
      }
    }
    return e;
  }

  @Override
  public void close() {
    try {
      producer.close(CLOSE_TIMEOUT);
    } catch (RuntimeException e) {
      log.debug("Closing producer {}: {}", transactionalId, e.toString());
    }
  }
}
