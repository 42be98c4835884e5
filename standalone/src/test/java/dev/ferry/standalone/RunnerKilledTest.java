package dev.ferry.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Topics;
import dev.ferry.manifest.ManifestApplication;
import dev.ferry.runner.RunnerApplication;
import dev.ferry.scheduler.SchedulerApplication;
import dev.ferry.testing.GitRepos;
import dev.ferry.testing.HttpProbe;
import dev.ferry.testing.KafkaProbe;
import dev.ferry.testing.SharedInfrastructure;
import dev.ferry.testing.StandInDbt;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A runner process is killed with SIGKILL in the middle of a run: no shutdown hook, no drain, no
 * completion. The scheduler sees the heartbeats stop, ends the attempt LOST, and its retry runs on
 * another runner; the lost attempt leaves no manifest behind, the retry's is indexed once. The
 * runner that dies is a JVM of its own (the runner service's main class on this test's class
 * path); the scheduler, the manifest service and the surviving runner run here, all on the shared
 * broker and S3 store. dbt is a stand-in, as in the runner's fault tests: what is under test is
 * the runners and the scheduler.
 */
@Tag("e2e")
class RunnerKilledTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir
  Path tmp;

  private final List<ConfigurableApplicationContext> services = new ArrayList<>();
  private Process doomed;

  @AfterEach
  void stopAll() {
    if (doomed != null) {
      doomed.descendants().forEach(ProcessHandle::destroyForcibly);
      doomed.destroyForcibly();
    }
    services.reversed().forEach(ConfigurableApplicationContext::close);
  }

  @Test
  void aRunWhoseRunnerIsKilledIsLostThenRetriedOnAnotherRunnerAndIndexedOnce() throws Exception {
    String prefix = SharedInfrastructure.uniqueTopicPrefix();
    String bucket = "killed-" + prefix.replace(".", "");
    Topics topics = Topics.withPrefix(prefix);
    Path repo = tmp.resolve("analytics");
    GitRepos.copyExample(repo);
    GitRepos.commitCopy(repo, repo);
    Path schedules = Files.writeString(tmp.resolve("ferry_schedules.yml"), """
        schedules:
          - name: nightly
            schedule: manual
            commands: [dbt build]
            project: {repository: %s, subdirectory: %s}
            retries: {count: 1, backoff: 1s}
        """.formatted(repo, GitRepos.EXAMPLE_SUBDIRECTORY));
    List<String> shared = shared(prefix, bucket);
    ConfigurableApplicationContext manifests = start(ManifestApplication.builder(), shared, List.of());
    ConfigurableApplicationContext scheduler = start(SchedulerApplication.builder(), shared, List.of(
        "--ferry.scheduler.schedules-file=" + schedules, "--ferry.scheduler.lost-after=6s"));
    String schedulerUrl = "http://127.0.0.1:" + port(scheduler);

    doomed = startRunnerProcess(shared, runner("doomed", "600"));
    HttpResponse<String> accepted = HttpProbe.post(
        URI.create(schedulerUrl + "/api/v1/workspaces/default/schedules/nightly/runs"), "{}");
    assertThat(accepted.statusCode()).isEqualTo(202);
    String runId = JSON.readTree(accepted.body()).get("runId").asString();
    await().atMost(Duration.ofSeconds(90)).until(() -> {
      JsonNode run = run(schedulerUrl, runId);
      return "RUNNING".equals(run.path("status").asString()) && "doomed".equals(run.path("worker").asString());
    });

    List<ProcessHandle> dbtAndShell = doomed.descendants().toList();
    doomed.destroyForcibly(); // SIGKILL: the runner gets no chance to say anything
    doomed.waitFor();
    dbtAndShell.forEach(ProcessHandle::destroyForcibly);

    RunCompleted lost = KafkaProbe.awaitRecord(topics.runCompleted(),
        r -> r.value().getRunId().equals(runId) && r.value().getStatus() == RunStatus.LOST).value();
    assertThat(lost.getAttempt()).isEqualTo(1);
    assertThat(lost.getMessage()).contains("no heartbeat from worker doomed");
    start(RunnerApplication.builder(), shared, runner("survivor", "0"));

    await().atMost(Duration.ofSeconds(120)).until(() -> "SUCCEEDED".equals(run(schedulerUrl, runId).path("status").asString()));
    JsonNode run = run(schedulerUrl, runId);
    assertThat(run.path("attempt").asInt()).isEqualTo(2);
    assertThat(run.path("worker").asString()).isEqualTo("survivor");

    String manifestUrl = "http://127.0.0.1:" + port(manifests) + "/api/v1/workspaces/default/schedules/nightly";
    await().atMost(Duration.ofSeconds(60))
        .until(() -> HttpProbe.get(URI.create(manifestUrl + "/manifest/metadata")).statusCode() == 200);
    JsonNode indexed = JSON.readTree(HttpProbe.get(URI.create(manifestUrl + "/manifest/metadata")).body());
    assertThat(indexed.path("runId").asString()).isEqualTo(runId);
    assertThat(indexed.path("attempt").asInt()).isEqualTo(2);
    assertThat(indexed.path("uri").asString()).as("a retry stores under its attempt")
        .contains("/" + runId + "/attempt-2/manifest.json");
    JsonNode history = JSON.readTree(HttpProbe.get(URI.create(manifestUrl + "/manifests?status=any")).body());
    assertThat(history.get("manifests")).as("one manifest, the retry's; the lost attempt stored none").hasSize(1);

    List<String> outcomes = KafkaProbe.readAllCommitted(topics.runCompleted()).stream()
        .filter(r -> r.value().getRunId().equals(runId))
        .map(r -> r.value().getAttempt() + ":" + r.value().getStatus() + ":" + r.value().getWorker()).toList();
    assertThat(outcomes).as("the lost attempt, redelivered to the survivor, was not run beside its retry")
        .containsExactly("1:LOST:doomed", "2:SUCCEEDED:survivor");
  }

  /** Connection and storage settings every service of this test shares. */
  private static List<String> shared(String prefix, String bucket) {
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--server.address=127.0.0.1",
        "--spring.main.banner-mode=off"));
    for (Map.Entry<String, Supplier<Object>> property : SharedInfrastructure.serviceProperties(prefix, bucket).entrySet()) {
      args.add("--" + property.getKey() + "=" + property.getValue().get());
    }
    return args;
  }

  /** A runner's own settings: its name, a stand-in dbt that takes {@code delaySeconds}, quick heartbeats. */
  private List<String> runner(String worker, String delaySeconds) throws IOException {
    Path home = Files.createDirectories(tmp.resolve(worker));
    Path dbt = StandInDbt.write(home.resolve("dbt"), home.resolve("dbt-arguments"), delaySeconds);
    return List.of("--ferry.runner.worker-id=" + worker, "--ferry.runner.group-id=runners",
        "--ferry.runner.dbt-executable=" + dbt, "--ferry.runner.work-dir=" + home.resolve("work"),
        "--ferry.runner.heartbeat-interval=1s",
        // A dead member holds its partitions until its session times out; keep that short here.
        "--spring.kafka.consumer.properties.session.timeout.ms=6000",
        "--spring.kafka.consumer.properties.heartbeat.interval.ms=1000");
  }

  private ConfigurableApplicationContext start(SpringApplicationBuilder app, List<String> shared, List<String> own) {
    List<String> args = new ArrayList<>(shared);
    args.addAll(own);
    ConfigurableApplicationContext context = app.run(args.toArray(String[]::new));
    services.add(context);
    return context;
  }

  /** The runner service in a JVM of its own, on this test's class path, logging to a file. */
  private Process startRunnerProcess(List<String> shared, List<String> own) throws IOException {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElseThrow(),
        "-Xmx512m", "-cp", System.getProperty("java.class.path"), RunnerApplication.class.getName()));
    command.addAll(shared);
    command.addAll(own);
    return new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("doomed-runner.log").toFile()).start();
  }

  private static int port(ConfigurableApplicationContext context) {
    return Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
  }

  private static JsonNode run(String schedulerUrl, String runId) {
    HttpResponse<byte[]> response = HttpProbe.get(URI.create(schedulerUrl + "/api/v1/runs/" + runId));
    return response.statusCode() == 200 ? JSON.readTree(response.body()) : JSON.createObjectNode();
  }
}
