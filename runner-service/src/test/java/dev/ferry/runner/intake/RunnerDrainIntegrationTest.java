package dev.ferry.runner.intake;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.events.ProjectSource;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStarted;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Topics;
import dev.ferry.runner.RunnerApplication;
import dev.ferry.testing.Events;
import dev.ferry.testing.GitRepos;
import dev.ferry.testing.KafkaProbe;
import dev.ferry.testing.SharedInfrastructure;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A runner asked to stop (as Kubernetes does on a rollout) while a run is in flight lets the run
 * finish, publishes its completion and commits its record before it leaves: nothing is lost and
 * nothing runs twice.
 */
@Tag("integration")
class RunnerDrainIntegrationTest {

  private static final String PREFIX = SharedInfrastructure.uniqueTopicPrefix();
  private static final String GROUP = "drain-test";

  @TempDir
  Path tmp;

  @Test
  void aStoppingRunnerFinishesItsRunCommitsItAndThenLeaves() throws Exception {
    Path repo = tmp.resolve("analytics");
    GitRepos.copyExample(repo);
    GitRepos.commitCopy(repo, repo);
    Path slowDbt = Files.writeString(tmp.resolve("slow-dbt"), "#!/bin/sh\nsleep 4\nexit 0\n");
    Files.setPosixFilePermissions(slowDbt, PosixFilePermissions.fromString("rwxr-xr-x"));
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--ferry.runner.group-id=" + GROUP,
        "--ferry.runner.dbt-executable=" + slowDbt, "--ferry.runner.work-dir=" + tmp.resolve("work"),
        "--ferry.runner.drain-timeout=60s"));
    SharedInfrastructure.serviceProperties(PREFIX, "drain-test").forEach((name, value) -> args.add("--" + name + "=" + value.get()));
    Topics topics = Topics.withPrefix(PREFIX);
    RunRequested request = Events.aRunRequested().setCommands(List.of(Events.aDbtCommand("build")))
        .setProject(new ProjectSource(repo.toString(), "main", GitRepos.EXAMPLE_SUBDIRECTORY)).build();

    ConfigurableApplicationContext runner = RunnerApplication.builder().run(args.toArray(String[]::new));
    KafkaProbe.send(topics.runRequested(), "default/nightly", request);
    KafkaProbe.awaitRecord(topics.runEvents(),
        r -> r.value() instanceof RunStarted s && s.getRunId().equals(request.getRunId()));
    runner.close();

    List<RunCompleted> completions = KafkaProbe.readAll(topics.runCompleted()).stream().map(r -> r.value())
        .filter(c -> c.getRunId().equals(request.getRunId())).toList();
    assertThat(completions).as("completed before the runner was gone").singleElement()
        .satisfies(c -> assertThat(c.getStatus()).as(c.getMessage()).isEqualTo(RunStatus.SUCCEEDED));
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
        SharedInfrastructure.kafka().bootstrapServers()))) {
      Map<?, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP).partitionsToOffsetAndMetadata().get();
      assertThat(offsets.values()).as("the run's record is committed").anySatisfy(o -> assertThat(o.offset()).isPositive());
    }
  }
}
