package dev.ferry.scheduler.firing;

import java.time.Instant;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What happens to runs after they were requested (lost runs, retries, on-completion triggers,
 * notifications), decided by the owner of a schedule's partition of the ticks topic and written
 * with that partition's transactional producer, so that a fenced replica cannot write it. Called
 * on the firing thread only.
 */
public interface PartitionLifecycle {

  /** No lifecycle: runs are only requested. */
  PartitionLifecycle NONE = new PartitionLifecycle() {
    @Override
    public void tookOver(int partition, Instant now) {}

    @Override
    public Batch due(int partition, int partitionCount, Instant now) {
      return Batch.EMPTY;
    }
  };

  /** This replica owns {@code partition} from now on, and has fenced its previous owner. */
  void tookOver(int partition, Instant now);

  /** What is due now for the runs of the schedules on {@code partition}; written in one transaction. */
  Batch due(int partition, int partitionCount, Instant now);

  /**
   * Records to write in one transaction, and what to do once they are committed.
   *
   * @param committed runs on the firing thread after the commit, never after an abort
   */
  record Batch(List<ProducerRecord<String, SpecificRecord>> records, Runnable committed) {
    public static final Batch EMPTY = new Batch(List.of(), () -> { });

    public Batch {
      records = List.copyOf(records);
    }

    public boolean isEmpty() {
      return records.isEmpty();
    }
  }
}
