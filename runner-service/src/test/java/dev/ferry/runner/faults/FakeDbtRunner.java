package dev.ferry.runner.faults;

import dev.ferry.events.ProjectSource;
import dev.ferry.events.RunRequested;
import dev.ferry.runner.RunnerApplication;
import dev.ferry.testing.Events;
import dev.ferry.testing.GitRepos;
import dev.ferry.testing.SharedInfrastructure;
import dev.ferry.testing.StandInDbt;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A real runner service (its own Spring context, real Kafka, a real S3 server, real git) whose
 * dbt is a stand-in script that takes a moment and writes the artifacts a build leaves, for fault
 * tests where what matters is the runner, not dbt.
 */
final class FakeDbtRunner {

  private final Path repo;
  private final Path dbt;
  private final Path workDir;
  private final Path argumentsLog;

  FakeDbtRunner(Path tmp, String delaySeconds) {
    repo = tmp.resolve("analytics");
    GitRepos.copyExample(repo);
    GitRepos.commitCopy(repo, repo);
    argumentsLog = tmp.resolve("dbt-arguments");
    dbt = StandInDbt.write(tmp.resolve("dbt"), argumentsLog, delaySeconds);
    workDir = tmp.resolve("work");
  }

  /** Every argument the stand-in dbt was started with, one a line, in order. */
  List<String> arguments() throws IOException {
    return Files.exists(argumentsLog) ? Files.readAllLines(argumentsLog) : List.of();
  }

  /** A request to build the example project, which this runner can execute. */
  RunRequested.Builder request() {
    return Events.aRunRequested().setCommands(List.of(Events.aDbtCommand("build")))
        .setProject(new ProjectSource(repo.toString(), "main", GitRepos.EXAMPLE_SUBDIRECTORY));
  }

  /** Starts the runner service on the shared broker, under {@code topicPrefix}, storing artifacts at {@code s3}. */
  ConfigurableApplicationContext start(String topicPrefix, String group, URI s3, String bucket, String... more) {
    return start(SharedInfrastructure.kafka().bootstrapServers(), topicPrefix, group, s3, bucket, more);
  }

  /** Starts the runner service on the broker at {@code bootstrapServers}. */
  ConfigurableApplicationContext start(String bootstrapServers, String topicPrefix, String group, URI s3,
      String bucket, String... more) {
    List<String> args = new ArrayList<>(List.of("--server.port=0",
        "--spring.kafka.bootstrap-servers=" + bootstrapServers,
        "--ferry.kafka.topic-prefix=" + topicPrefix, "--ferry.runner.group-id=" + group,
        "--ferry.s3.endpoint=" + s3, "--ferry.s3.bucket=" + bucket,
        "--ferry.s3.access-key=" + SharedInfrastructure.ACCESS_KEY,
        "--ferry.s3.secret-key=" + SharedInfrastructure.SECRET_KEY,
        "--ferry.runner.dbt-executable=" + dbt, "--ferry.runner.work-dir=" + workDir));
    args.addAll(List.of(more));
    return RunnerApplication.builder().run(args.toArray(String[]::new));
  }
}
