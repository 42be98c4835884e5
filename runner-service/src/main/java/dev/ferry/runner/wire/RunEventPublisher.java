package dev.ferry.runner.wire;

import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunLogLines;
import dev.ferry.events.ScheduleKey;
import dev.ferry.events.Topic;
import dev.ferry.events.Topics;
import dev.ferry.events.serde.EventFormatException;
import dev.ferry.runner.RunnerProperties;
import dev.ferry.runner.execution.RunEvents;
import dev.ferry.runner.execution.RunOutcome;
import dev.ferry.runner.execution.RunRequest;
import dev.ferry.support.s3.ArtifactLocations;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.avro.specific.SpecificRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Publishes a run's life: RunStarted and RunHeartbeat on {@code ferry.run.events} keyed by run id,
 * RunCompleted on {@code ferry.run.completed} keyed by workspace/schedule. Before a completion is
 * published it is stored beside the run's artifacts ({@value #COMPLETION}), so that a request
 * delivered again republishes it instead of running dbt a second time and overwriting artifacts
 * that a pointer already names. Start and completion wait for the broker's acknowledgement; a
 * heartbeat does not.
 */
@Component
class RunEventPublisher implements RunEvents {

  /** The stored RunCompleted of a run, in Avro single-object encoding. */
  static final String COMPLETION = "run-completed.avro";

  private static final Logger log = LoggerFactory.getLogger(RunEventPublisher.class);
  private static final Duration ACK_TIMEOUT = Duration.ofSeconds(30);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final KafkaTemplate<String, SpecificRecord> kafka;
  private final Topics topics;
  private final S3Client s3;
  private final ArtifactLocations locations;
  private final String worker;

  RunEventPublisher(KafkaTemplate<String, SpecificRecord> kafka, Topics topics, S3Client s3,
      ArtifactLocations locations, RunnerProperties properties) {
    this.kafka = kafka;
    this.topics = topics;
    this.s3 = s3;
    this.locations = locations;
    this.worker = properties.workerId();
  }

  @Override
  public void started(RunRequest request, Instant startedAt, String gitSha) {
    try {
      send(topics.runEvents().name(), request.runId(), EventMapper.started(request, startedAt, worker, gitSha));
    } catch (ExecutionException | TimeoutException e) {
      // The run goes on: its completion says everything the start would have.
      log.warn("RunStarted of run {} not published: {}", request.runId(), e.getMessage());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void heartbeat(RunRequest request, Instant at) {
    kafka.send(topics.runEvents().name(), request.runId(), EventMapper.heartbeat(request, at, worker))
        .whenComplete((result, error) -> {
          if (error != null) {
            log.warn("Heartbeat of run {} not published: {}", request.runId(), error.getMessage());
          }
        });
  }

  @Override
  public void logLines(RunRequest request, long firstLine, List<String> lines, Instant at) {
    kafka.send(topics.runLogs().name(), request.runId(), RunLogLines.newBuilder().setRunId(request.runId())
            .setWorkspace(request.workspace()).setSchedule(request.schedule()).setFirstLine(firstLine)
            .setLines(List.copyOf(lines)).setAt(at).build())
        .whenComplete((result, error) -> {
          if (error != null) {
            // Followers miss these lines; the stored ferry.log still has them.
            log.debug("Log lines {}+ of run {} not published: {}", firstLine, request.runId(), error.getMessage());
          }
        });
  }

  @Override
  public void completed(RunRequest request, RunOutcome outcome) throws InterruptedException {
    complete(EventMapper.completed(request, outcome, worker));
  }

  /** Records the completion beside the run's artifacts, then publishes it; retries until both are done. */
  void complete(RunCompleted completion) throws InterruptedException {
    byte[] stored = topics.runCompleted().valueSerializer().serialize(topics.runCompleted().name(), completion);
    String key = completionKey(completion.getWorkspace(), completion.getSchedule(), completion.getRunId());
    retryUntilDone("store the completion of run " + completion.getRunId(), () -> s3.putObject(
        put -> put.bucket(locations.bucket()).key(key).contentType("application/vnd.apache.avro.single-object"),
        RequestBody.fromBytes(stored)));
    publish(completion);
  }

  @Override
  public void completedWithArtifactsKept(RunRequest request, RunOutcome failed, RunOutcome owed, Path runDir,
      Map<String, Path> files) throws InterruptedException {
    publish(EventMapper.completed(request, failed, worker));
    try {
      KeptRun.write(runDir, topics.runCompleted(), EventMapper.completed(request, owed, worker), files);
    } catch (IOException e) {
      log.error("Run {} could not note its kept artifacts in {} ({}); they will not be stored", request.runId(), runDir,
          e.getMessage());
    }
  }

  @Override
  public boolean owesCompletion(Path runDir) {
    return KeptRun.isKept(runDir);
  }

  @Override
  public boolean republishCompletion(RunRequest request) throws InterruptedException {
    Optional<RunCompleted> recorded = recorded(request.workspace(), request.schedule(), request.runId());
    if (recorded.isEmpty() || recorded.get().getAttempt() != request.attempt()) {
      return false;
    }
    log.info("Run {} of {} already completed ({}); publishing its completion again instead of running it twice",
        request.runId(), request.scheduleKey(), recorded.get().getStatus());
    publish(recorded.get());
    return true;
  }

  /** The completion recorded beside a run's artifacts; retries while S3 is away. */
  Optional<RunCompleted> recorded(String workspace, String schedule, String runId) throws InterruptedException {
    return retry("read the completion record of run " + runId, () -> {
      try {
        byte[] bytes = s3.getObjectAsBytes(get -> get.bucket(locations.bucket())
            .key(completionKey(workspace, schedule, runId))).asByteArray();
        return Optional.of(topics.runCompleted().valueDeserializer().deserialize(topics.runCompleted().name(), bytes));
      } catch (NoSuchKeyException e) {
        return Optional.<RunCompleted>empty();
      } catch (EventFormatException e) {
        log.warn("The completion record of run {} is unreadable ({}); running it again", runId, e.getMessage());
        return Optional.<RunCompleted>empty();
      }
    });
  }

  private void publish(RunCompleted completion) throws InterruptedException {
    Topic<RunCompleted> topic = topics.runCompleted();
    String scheduleKey = new ScheduleKey(completion.getWorkspace(), completion.getSchedule()).toString();
    retry("publish the completion of run " + completion.getRunId(), () -> {
      try {
        send(topic.name(), scheduleKey, completion);
        return null;
      } catch (ExecutionException | TimeoutException e) {
        throw new IllegalStateException(e.getMessage(), e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted", e);
      }
    });
  }

  private String completionKey(String workspace, String schedule, String runId) {
    return locations.key(workspace, schedule, runId, COMPLETION);
  }

  private void send(String topic, String key, SpecificRecord event)
      throws InterruptedException, ExecutionException, TimeoutException {
    kafka.send(topic, key, event).get(ACK_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
  }

  /** Runs {@code action} until it succeeds, backing off from a second up to a minute; only an interrupt stops it. */
  private static <T> T retry(String what, java.util.function.Supplier<T> action) throws InterruptedException {
    Duration backoff = Duration.ofSeconds(1);
    while (true) {
      try {
        return action.get();
      } catch (SdkException | IllegalStateException | org.apache.kafka.common.KafkaException e) {
        if (Thread.currentThread().isInterrupted()) {
          throw new InterruptedException("stopped while trying to " + what);
        }
        log.warn("Could not {} ({}); trying again in {} s", what, e.getMessage(), backoff.toSeconds());
        Thread.sleep(backoff);
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    }
  }

  private static void retryUntilDone(String what, Runnable action) throws InterruptedException {
    retry(what, () -> {
      action.run();
      return null;
    });
  }
}
