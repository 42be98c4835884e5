package dev.ferry.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka cluster (KRaft: broker and controller in one node) running in this
 * JVM, built from the Kafka jars on Maven Central. Its log directory survives a restart when
 * given a fixed folder, so {@code ./ferry up} keeps its topics; tests use a temporary one.
 */
public final class InProcessKafka implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InProcessKafka.class);
  private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

  private final KafkaRaftServer server;
  private final String bootstrapServers;
  private final Path dataDir;
  private final boolean deleteOnClose;

  private InProcessKafka(KafkaRaftServer server, String bootstrapServers, Path dataDir, boolean deleteOnClose) {
    this.server = server;
    this.bootstrapServers = bootstrapServers;
    this.dataDir = dataDir;
    this.deleteOnClose = deleteOnClose;
  }

  /** Starts a broker that keeps its data in {@code dataDir}, listening on the given ports of 127.0.0.1. */
  public static InProcessKafka start(Path dataDir, int port, int controllerPort) {
    return start(dataDir, port, controllerPort, false);
  }

  /** Starts a broker on free ports with a temporary data folder that {@link #close()} deletes. */
  public static InProcessKafka startTemporary() {
    try {
      return start(Files.createTempDirectory("ferry-kafka-"), FreePorts.next(), FreePorts.next(), true);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static InProcessKafka start(Path dataDir, int port, int controllerPort, boolean deleteOnClose) {
    long started = System.nanoTime();
    Properties props = serverProperties(dataDir.toAbsolutePath(), port, controllerPort);
    Path configFile = writeConfig(dataDir, props);
    if (!Files.exists(dataDir.resolve("logs").resolve("meta.properties"))) {
      format(configFile);
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props), Time.SYSTEM);
    server.startup();
    String bootstrap = "127.0.0.1:" + port;
    InProcessKafka kafka = new InProcessKafka(server, bootstrap, dataDir, deleteOnClose);
    try {
      kafka.awaitReady();
    } catch (RuntimeException e) {
      kafka.close();
      throw e;
    }
    log.info("Kafka broker ready at {} (data in {}) in {} ms", bootstrap, dataDir,
        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    return kafka;
  }

  public String bootstrapServers() {
    return bootstrapServers;
  }

  private static Properties serverProperties(Path dataDir, int port, int controllerPort) {
    Properties props = new Properties();
    props.putAll(Map.ofEntries(
        Map.entry("process.roles", "broker,controller"),
        Map.entry("node.id", "1"),
        Map.entry("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort),
        Map.entry("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port),
        Map.entry("controller.listener.names", "CONTROLLER"),
        Map.entry("inter.broker.listener.name", "PLAINTEXT"),
        Map.entry("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT"),
        Map.entry("controller.quorum.bootstrap.servers", "127.0.0.1:" + controllerPort),
        Map.entry("log.dirs", dataDir.resolve("logs").toString()),
        Map.entry("num.partitions", "1"),
        Map.entry("auto.create.topics.enable", "false"),
        Map.entry("offsets.topic.replication.factor", "1"),
        Map.entry("offsets.topic.num.partitions", "3"),
        Map.entry("transaction.state.log.replication.factor", "1"),
        Map.entry("transaction.state.log.min.isr", "1"),
        Map.entry("transaction.state.log.num.partitions", "3"),
        Map.entry("share.coordinator.state.topic.replication.factor", "1"),
        Map.entry("share.coordinator.state.topic.min.isr", "1"),
        Map.entry("group.initial.rebalance.delay.ms", "0"),
        Map.entry("log.cleaner.dedupe.buffer.size", Integer.toString(8 * 1024 * 1024))));
    return props;
  }

  private static Path writeConfig(Path dataDir, Properties props) {
    try {
      Files.createDirectories(dataDir);
      Path file = dataDir.resolve("server.properties");
      try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
        props.store(out, "Written by Ferry's in-process Kafka; rewritten at every start");
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the Kafka configuration under " + dataDir, e);
    }
  }

  /** Formats a new log directory, as {@code kafka-storage.sh format --standalone} does. */
  private static void format(Path configFile) {
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int exit;
    try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
      exit = StorageTool.execute(new String[] {
          "format", "--cluster-id", Uuid.randomUuid().toString(), "--config", configFile.toString(),
          "--standalone"}, out);
    }
    if (exit != 0) {
      throw new IllegalStateException("formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8).strip());
    }
  }

  private void awaitReady() {
    try (Admin admin = Admin.create(Map.of(
        AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) READY_TIMEOUT.toMillis()))) {
      admin.describeCluster().nodes().get(READY_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      throw new IllegalStateException("Kafka broker at " + bootstrapServers + " did not become ready", e);
    }
  }

  @Override
  public void close() {
    server.shutdown();
    server.awaitShutdown();
    if (deleteOnClose) {
      Folders.deleteRecursively(dataDir);
    }
  }
}
