package dev.ferry.standalone;

import ch.qos.logback.classic.Level;
import dev.ferry.support.Failures;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code ferry up}: Kafka, the S3 store and all services in one JVM, the example schedules loaded. */
@Command(name = "ferry up", mixinStandardHelpOptions = true,
    description = "Start Kafka (KRaft), an S3-compatible store and the scheduler, runner and manifest services "
        + "in this JVM. Data is kept under --data-dir, so a restart keeps topics, runs and manifests. Ctrl-C stops everything.")
public final class FerryStandalone implements Callable<Integer> {

  private static final Logger log = LoggerFactory.getLogger(FerryStandalone.class);

  @Option(names = "--home", paramLabel = "DIR", defaultValue = "${env:FERRY_HOME:-.}",
      description = "Ferry's folder (default: FERRY_HOME or the current folder).")
  Path home;

  @Option(names = "--data-dir", paramLabel = "DIR", description = "Where data is kept (default: <home>/.ferry).")
  Path dataDir;

  @Option(names = "--schedules", paramLabel = "FILE",
      description = "The schedules file to load (default: <home>/examples/ferry_schedules.yml).")
  Path schedules;

  @Option(names = "--dbt", paramLabel = "PATH", description = "The dbt the runner starts (default: <home>/.venv/bin/dbt, else dbt on PATH).")
  String dbt;

  public static void main(String[] args) {
    quietStartupLogging();
    CommandLine commandLine = new CommandLine(new FerryStandalone());
    commandLine.setExecutionExceptionHandler((exception, line, parseResult) -> {
      line.getErr().println("ferry up: could not start: " + Failures.rootMessage(exception));
      line.getErr().flush();
      return 1;
    });
    System.exit(commandLine.execute(args));
  }


  @Override
  public Integer call() throws InterruptedException {
    Path root = home.toAbsolutePath().normalize();
    Path data = dataDir != null ? dataDir.toAbsolutePath() : root.resolve(".ferry");
    Path schedulesFile = schedules != null ? schedules.toAbsolutePath() : root.resolve("examples/ferry_schedules.yml");
    String dbtExecutable = dbt != null ? dbt
        : Files.isExecutable(root.resolve(".venv/bin/dbt")) ? root.resolve(".venv/bin/dbt").toString() : "dbt";
    StandaloneOptions options = new StandaloneOptions(data, schedulesFile, dbtExecutable, StandaloneOptions.Ports.DEFAULT,
        Map.of("JAFFLE_SHOP_DUCKDB_DIR", data.resolve("warehouse").toString()), false);

    long begin = System.nanoTime();
    StandaloneSystem system = new StandaloneSystem(options);
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      log.info("Stopping Ferry");
      system.close();
      stopped.countDown();
    }, "ferry-shutdown"));
    system.start();
    printSummary(options, system, Duration.ofNanos(System.nanoTime() - begin));
    stopped.await();
    return 0;
  }

  private static void printSummary(StandaloneOptions options, StandaloneSystem system, Duration took) {
    StandaloneOptions.Ports ports = options.ports();
    String summary = String.join(System.lineSeparator(),
        "",
        "Ferry is up (" + took.toMillis() / 100 / 10.0 + " s). Data in " + options.dataDir(),
        "  scheduler  http://127.0.0.1:" + ports.scheduler() + "   schedules from " + options.schedulesFile(),
        "  runner     http://127.0.0.1:" + ports.runner() + "   dbt: " + options.dbt(),
        "  manifest   http://127.0.0.1:" + ports.manifest(),
        "  kafka      " + system.kafkaBootstrapServers(),
        "  s3         " + system.s3Endpoint() + "   bucket " + StandaloneOptions.BUCKET,
        "",
        "In another terminal:  ./ferry runs trigger nightly --wait",
        "Ctrl-C stops everything.",
        "");
    log.info(summary);
  }

  /** Kafka and S3Proxy log at DEBUG until Spring Boot configures logging; keep the terminal readable. */
  private static void quietStartupLogging() {
    if (LoggerFactory.getLogger(Logger.ROOT_LOGGER_NAME) instanceof ch.qos.logback.classic.Logger root) {
      root.setLevel(Level.INFO);
      for (String name : new String[] {"org.apache.kafka", "kafka", "state.change.logger", "org.gaul"}) {
        ((ch.qos.logback.classic.Logger) LoggerFactory.getLogger(name)).setLevel(Level.WARN);
      }
    }
  }
}
