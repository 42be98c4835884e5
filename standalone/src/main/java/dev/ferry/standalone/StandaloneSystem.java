package dev.ferry.standalone;

import dev.ferry.embedded.InProcessKafka;
import dev.ferry.embedded.InProcessS3;
import dev.ferry.manifest.ManifestApplication;
import dev.ferry.runner.RunnerApplication;
import dev.ferry.scheduler.SchedulerApplication;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The whole of Ferry in this JVM: a real Kafka broker, a real S3-compatible store and the three
 * services, each a Spring Boot application of its own talking to the others only through Kafka,
 * S3 and HTTP, exactly as when they are deployed apart. Closing it stops them in reverse order.
 */
public final class StandaloneSystem implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(StandaloneSystem.class);

  /** Loggers too chatty at INFO for a terminal. */
  private static final List<String> QUIET = List.of(
      "--logging.level.org.apache.kafka=WARN", "--logging.level.kafka=WARN", "--logging.level.state.change.logger=WARN",
      "--logging.level.org.gaul=WARN", "--logging.level.org.apache.kafka.clients.admin.AdminClientConfig=WARN",
      "--logging.level.org.springframework.kafka=WARN", "--spring.main.banner-mode=off",
      // One JVM, one logging system: the service shows in the thread name, not a shared application name.
      "--logging.include-application-name=false", "--spring.main.log-startup-info=false");

  private final StandaloneOptions options;
  private final Deque<AutoCloseable> started = new ArrayDeque<>();
  private boolean closed;
  private InProcessKafka kafka;
  private InProcessS3 s3;
  private ConfigurableApplicationContext manifestService;

  public StandaloneSystem(StandaloneOptions options) {
    this.options = options;
  }

  /** Starts everything and returns this, or stops what started and rethrows. */
  public static StandaloneSystem start(StandaloneOptions options) {
    return new StandaloneSystem(options).start();
  }

  /**
   * Starts everything in order; {@link #close()} may be called meanwhile from another thread (a
   * Ctrl-C during start-up), after which nothing more starts and what did is stopped.
   */
  public StandaloneSystem start() {
    try {
      startAll();
      return this;
    } catch (RuntimeException e) {
      close();
      throw e;
    }
  }

  private void startAll() {
    StandaloneOptions.Ports ports = options.ports();
    requireFree(Map.of("Kafka", ports.kafka(), "the Kafka controller", ports.kafkaController(), "S3", ports.s3(),
        "the scheduler", ports.scheduler(), "the runner", ports.runner(), "the manifest service", ports.manifest()));
    createDirectories();
    kafka = started(InProcessKafka.start(options.dataDir().resolve("kafka"), ports.kafka(), ports.kafkaController()));
    s3 = started(InProcessS3.start(options.dataDir().resolve("s3"), ports.s3(), StandaloneOptions.S3_ACCESS_KEY,
        StandaloneOptions.S3_SECRET_KEY));
    s3.ensureBucket(StandaloneOptions.BUCKET);
    manifestService = started(run(ManifestApplication.builder(), ports.manifest(), List.of()));
    List<String> runner = new ArrayList<>(List.of(
        "--ferry.runner.dbt-executable=" + options.dbt(),
        "--ferry.runner.work-dir=" + options.dataDir().resolve("work"),
        "--ferry.runner.keep-workspaces=" + options.keepWorkspaces(),
        "--ferry.runner.worker-id=standalone",
        // The runner knows the scheduler's schedules, so a request for any other goes to the DLT.
        "--ferry.runner.schedules-file=" + options.schedulesFile(),
        "--ferry.runner.manifest-url=http://127.0.0.1:" + ports.manifest()));
    options.runnerEnvironment().forEach((name, value) -> runner.add("--ferry.runner.environment." + name + "=" + value));
    started(run(RunnerApplication.builder(), ports.runner(), runner));
    started(run(SchedulerApplication.builder(), ports.scheduler(),
        List.of("--ferry.scheduler.schedules-file=" + options.schedulesFile())));
  }

  private synchronized <T extends AutoCloseable> T started(T part) {
    if (closed) {
      try {
        part.close();
      } catch (Exception e) {
        log.warn("Stopping {} failed: {}", part.getClass().getSimpleName(), e.toString());
      }
      throw new IllegalStateException("stopped while starting");
    }
    started.push(part);
    return part;
  }

  private ConfigurableApplicationContext run(SpringApplicationBuilder app, int port, List<String> own) {
    List<String> args = new ArrayList<>(QUIET);
    args.addAll(List.of(
        "--server.port=" + port,
        "--server.address=127.0.0.1",
        "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers(),
        "--ferry.s3.endpoint=" + s3.endpoint(),
        "--ferry.s3.bucket=" + StandaloneOptions.BUCKET,
        "--ferry.s3.access-key=" + StandaloneOptions.S3_ACCESS_KEY,
        "--ferry.s3.secret-key=" + StandaloneOptions.S3_SECRET_KEY));
    args.addAll(own);
    ConfigurableApplicationContext context = app.registerShutdownHook(false).run(args.toArray(String[]::new));
    log.info("{} listening on http://127.0.0.1:{}", context.getEnvironment().getProperty("spring.application.name"), port);
    return context;
  }

  /** Fails before anything starts when a port is taken, most often by another {@code ferry up}. */
  private static void requireFree(Map<String, Integer> ports) {
    for (Map.Entry<String, Integer> port : new java.util.TreeMap<>(ports).entrySet()) {
      try (ServerSocket socket = new ServerSocket()) {
        socket.setReuseAddress(true);
        socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port.getValue()));
      } catch (IOException e) {
        throw new IllegalStateException("port " + port.getValue() + " for " + port.getKey()
            + " is in use on 127.0.0.1; is Ferry already running?");
      }
    }
  }

  private void createDirectories() {
    try {
      for (String dir : List.of("kafka", "s3", "work", "warehouse")) {
        Files.createDirectories(options.dataDir().resolve(dir));
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot create the data folder " + options.dataDir(), e);
    }
  }

  public String kafkaBootstrapServers() {
    return kafka.bootstrapServers();
  }

  public String s3Endpoint() {
    return s3.endpoint().toString();
  }

  /**
   * Stops the manifest service alone, as developers see it when it is down or unreachable, while
   * the rest keeps running. The end-to-end test uses it to check the CLI's offline fallback.
   */
  public synchronized void stopManifestService() {
    if (manifestService != null && started.remove(manifestService)) {
      manifestService.close();
    }
  }

  @Override
  public synchronized void close() {
    closed = true;
    while (!started.isEmpty()) {
      AutoCloseable next = started.pop();
      try {
        next.close();
      } catch (Exception e) {
        log.warn("Stopping {} failed: {}", next.getClass().getSimpleName(), e.toString());
      }
    }
  }
}
