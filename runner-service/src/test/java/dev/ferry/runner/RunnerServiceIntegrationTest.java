package dev.ferry.runner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.ferry.events.ArtifactRef;
import dev.ferry.events.CommandResult;
import dev.ferry.events.DbtCommand;
import dev.ferry.events.ProjectSource;
import dev.ferry.events.RunCancelRequested;
import dev.ferry.events.PullRequest;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStarted;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Topics;
import dev.ferry.events.Trigger;
import dev.ferry.testing.DuckDb;
import dev.ferry.testing.Events;
import dev.ferry.testing.FerryHome;
import dev.ferry.testing.GitRepos;
import dev.ferry.testing.KafkaProbe;
import dev.ferry.testing.SharedInfrastructure;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;

/** A runner on a real broker and S3 server, running the example project with real git and real dbt. */
@Tag("integration")
@SpringBootTest(classes = RunnerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "spring.config.name=runner")
class RunnerServiceIntegrationTest {

  private static final String PREFIX = SharedInfrastructure.uniqueTopicPrefix();
  private static final String BUCKET = "runner-test";
  private static final Path TMP = createTempDir();
  private static final Path WAREHOUSE = TMP.resolve("warehouse");
  private static final Path REPO = TMP.resolve("analytics");
  private static String headSha;
  /** A branch of the repository whose model {@code broken} fails. */
  private static final String BROKEN_BRANCH = "broken";

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedInfrastructure.serviceProperties(PREFIX, BUCKET).forEach(registry::add);
    registry.add("ferry.runner.dbt-executable", () -> FerryHome.dbt().toString());
    registry.add("ferry.runner.work-dir", () -> TMP.resolve("work").toString());
    registry.add("ferry.runner.environment.JAFFLE_SHOP_DUCKDB_DIR", WAREHOUSE::toString);
    registry.add("ferry.runner.heartbeat-interval", () -> "1s");
    registry.add("ferry.runner.secret-environment.WAREHOUSE_PASSWORD", () -> SECRET);
  }

  @BeforeAll
  static void anAnalyticsRepositoryHoldingTheExampleProject() throws IOException {
    Files.createDirectories(WAREHOUSE);
    GitRepos.copyExample(REPO);
    headSha = GitRepos.commitCopy(REPO, REPO);
    GitRepos.git(REPO, "checkout", "--quiet", "-b", BROKEN_BRANCH);
    Files.writeString(REPO.resolve(GitRepos.EXAMPLE_SUBDIRECTORY).resolve("models/broken.sql"),
        "select * from no_such_table\n");
    GitRepos.commitAll(REPO, "A model that fails");
    GitRepos.git(REPO, "checkout", "--quiet", "main");
  }

  @Autowired
  Topics topics;

  private final S3Client s3 = SharedInfrastructure.s3Client();

  @Test
  void runsTheExampleProjectWithRuntimeVariablesAndStoresEveryArtifact() throws Exception {
    RunRequested request = request(List.of("build")).setTrigger(Trigger.SCHEDULER).build();

    KafkaProbe.send(topics.runRequested(), "default/nightly", request);
    RunCompleted completed = awaitCompletion(request.getRunId());

    assertThat(completed.getStatus()).as(completed.getMessage()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(completed.getGitSha()).isEqualTo(headSha);
    assertThat(completed.getDbtVersion()).isEqualTo("1.11.16");
    assertThat(completed.getCommands()).extracting(CommandResult::getArgs)
        .as("dbt deps first, unless an earlier test's run cached the ferry_audit package").endsWith(List.of("build"))
        .isSubsetOf(List.of("deps"), List.of("build"));
    assertThat(completed.getCommands().getLast()).satisfies(c -> {
      assertThat(c.getExitCode()).isZero();
      assertThat(c.getNodeStatuses()).as("9 models and 3 seeds built, 26 tests passed")
          .containsOnly(java.util.Map.entry("success", 12), java.util.Map.entry("pass", 26));
      assertThat(c.getFailures()).isEmpty();
      assertThat(c.getElapsedSeconds()).isPositive();
    });
    assertThat(completed.getArtifacts()).extracting(ArtifactRef::getName)
        .contains("manifest.json", "run_results.json", "dbt.log", "ferry.log");
    for (ArtifactRef artifact : completed.getArtifacts()) {
      byte[] stored = s3.getObjectAsBytes(get -> get.bucket(BUCKET).key(keyOf(artifact.getUri()))).asByteArray();
      assertThat(stored).hasSize((int) artifact.getSizeBytes());
      boolean json = artifact.getName().endsWith(".json");
      assertThat(artifact.getEncoding()).as(artifact.getName()).isEqualTo(json ? "gzip" : "identity");
      byte[] content = json ? new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(stored)).readAllBytes() : stored;
      assertThat(sha256(content)).as(artifact.getName()).isEqualTo(artifact.getSha256());
      if (artifact.getName().equals("manifest.json")) {
        assertThat(stored.length).as("the manifest is stored compressed").isLessThan(content.length / 3);
      }
    }
    assertThat(completed.getArtifacts().getFirst().getUri())
        .isEqualTo("s3://" + BUCKET + "/ferry/default/nightly/" + request.getRunId() + "/manifest.json.gz");

    ConsumerRecord<String, ?> started = KafkaProbe.awaitRecord(topics.runEvents(),
        r -> r.value() instanceof RunStarted s && s.getRunId().equals(request.getRunId()));
    assertThat(((RunStarted) started.value()).getGitSha()).isEqualTo(headSha);

    List<List<String>> audit = DuckDb.query(WAREHOUSE.resolve("prod.duckdb"),
        "select distinct ferry_run_id, ferry_schedule_name, ferry_trigger, ferry_git_sha from main.customers");
    assertThat(audit).containsExactly(List.of(request.getRunId(), "nightly", "scheduler", headSha));
    assertThat(DuckDb.query(WAREHOUSE.resolve("prod.duckdb"),
        "select distinct model_version, ferry_run_id from main.order_summary_v1"))
        .as("the versioned model says which version wrote it").containsExactly(List.of("1", request.getRunId()));
  }

  @Test
  void theSchedulesEnvReachesDbtWithSecretsResolvedByTheRunnerAndMaskedInTheLog() throws Exception {
    RunRequested request = request(List.of("compile", "--inline",
        "select '{{ env_var('TEAM') }}' as team, '{{ env_var('DBT_WAREHOUSE_PASSWORD') }}' as password"))
        .setEnvironment(Map.of("TEAM", "finance-analytics"))
        .setSecretEnvironment(Map.of("DBT_WAREHOUSE_PASSWORD", "WAREHOUSE_PASSWORD")).build();
    RunRequested missing = request(List.of("parse")).setSecretEnvironment(Map.of("DBT_TOKEN", "NO_SUCH_SECRET")).build();

    KafkaProbe.send(topics.runRequested(), "default/nightly", request);
    KafkaProbe.send(topics.runRequested(), "default/nightly", missing);
    RunCompleted completed = awaitCompletion(request.getRunId());
    RunCompleted refused = awaitCompletion(missing.getRunId());

    assertThat(completed.getStatus()).as(completed.getMessage()).isEqualTo(RunStatus.SUCCEEDED);
    ArtifactRef log = completed.getArtifacts().stream().filter(a -> a.getName().equals("ferry.log")).findFirst().orElseThrow();
    String stored = s3.getObjectAsBytes(get -> get.bucket(BUCKET).key(keyOf(log.getUri()))).asUtf8String();
    assertThat(stored).contains("'finance-analytics' as team").contains("'***' as password").doesNotContain(SECRET);
    assertThat(refused.getStatus()).isEqualTo(RunStatus.FAILED);
    assertThat(refused.getMessage()).contains("NO_SUCH_SECRET").contains("ferry.runner.secret-environment");
  }

  @Test
  void aCancelStopsARunningRunAndAQueuedOneNeverStarts() {
    RunRequested running = request(List.of("build")).build();
    RunRequested queued = request(List.of("build")).build();

    KafkaProbe.send(topics.runRequested(), "default/nightly", running);
    KafkaProbe.awaitRecord(topics.runEvents(),
        r -> r.value() instanceof RunStarted s && s.getRunId().equals(running.getRunId()));
    KafkaProbe.send(topics.runControl(), running.getRunId(), cancel(running, "ana"));
    KafkaProbe.send(topics.runControl(), queued.getRunId(), cancel(queued, "bob"));
    KafkaProbe.send(topics.runRequested(), "default/nightly", queued);
    RunCompleted stopped = awaitCompletion(running.getRunId());
    RunCompleted neverStarted = awaitCompletion(queued.getRunId());

    assertThat(stopped.getStatus()).isEqualTo(RunStatus.CANCELLED);
    assertThat(stopped.getMessage()).isEqualTo("cancelled by ana while it ran");
    assertThat(stopped.getArtifacts()).extracting(ArtifactRef::getName).contains("ferry.log");
    assertThat(neverStarted.getStatus()).isEqualTo(RunStatus.CANCELLED);
    assertThat(neverStarted.getMessage()).isEqualTo("cancelled by bob before it started");
    assertThat(KafkaProbe.readAll(topics.runEvents()).stream()
        .filter(r -> r.value() instanceof RunStarted s && s.getRunId().equals(queued.getRunId()))).isEmpty();
  }

  private static RunCancelRequested cancel(RunRequested run, String by) {
    return RunCancelRequested.newBuilder().setRunId(run.getRunId()).setWorkspace(run.getWorkspace())
        .setSchedule(run.getSchedule()).setRequestedAt(java.time.Instant.now()).setRequestedBy(by).build();
  }

  /**
   * A macro as teams carry it over from dbt Cloud, unchanged: it suffixes relations when dbt
   * Cloud's run reason says GitHub pull request, which Ferry sets for a CI run of a schedule that
   * asks for the dbt_cloud aliases.
   */
  @Test
  void aCiRunWithDbtCloudAliasesBuildsPullRequestRelationsThroughTheTeamsOwnMacro() {
    RunRequested request = request(List.of("build", "--select", "+orders", "--indirect-selection", "cautious")).setTrigger(Trigger.CI)
        .setRuntimeVariableAliases(List.of("dbt_cloud"))
        .setPullRequest(new PullRequest("github", "42", "feature/returns")).build();

    KafkaProbe.send(topics.runRequested(), "default/nightly", request);
    RunCompleted completed = awaitCompletion(request.getRunId());

    assertThat(completed.getStatus()).as(completed.getMessage()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(DuckDb.query(WAREHOUSE.resolve("prod.duckdb"),
        "select table_name from information_schema.tables where table_name like '%\\_pr\\_42' escape '\\' order by 1"))
        .flatMap(row -> row).containsExactly("orders_pr_42", "raw_orders_pr_42", "raw_payments_pr_42",
            "stg_orders_pr_42", "stg_payments_pr_42");
  }

  @Test
  void aRequestDeliveredAgainAfterItCompletedRepublishesItsCompletionInsteadOfRunningAgain() {
    RunRequested request = request(List.of("parse")).build();
    KafkaProbe.send(topics.runRequested(), "default/nightly", request);
    RunCompleted first = awaitCompletion(request.getRunId());

    KafkaProbe.send(topics.runRequested(), "default/nightly", request);
    await().atMost(Duration.ofSeconds(60)).until(() -> completions(request.getRunId()).size() == 2);

    assertThat(completions(request.getRunId())).containsOnly(first);
    assertThat(KafkaProbe.readAll(topics.runEvents()).stream()
        .filter(r -> r.value() instanceof RunStarted s && s.getRunId().equals(request.getRunId()))).hasSize(1);
  }

  @Test
  void aFailingCommandEndsTheRunFailedSkipsTheRestAndStillStoresTheLog() throws Exception {
    RunRequested request = request(List.of("run-operation", "no_such_macro", "--args", "{password: " + SECRET + "}"),
        List.of("build")).build();

    KafkaProbe.send(topics.runRequested(), "default/nightly", request);
    RunCompleted completed = awaitCompletion(request.getRunId());

    assertThat(completed.getStatus()).isEqualTo(RunStatus.FAILED);
    assertThat(completed.getCommands()).extracting(CommandResult::getArgs).as("build never ran; the secret is masked")
        .filteredOn(args -> !args.equals(List.of("deps")))
        .containsExactly(List.of("run-operation", "no_such_macro", "--args", "{password: ***}"));
    assertThat(completed.getCommands().getLast().getExitCode()).isNotZero();
    assertThat(completed.getMessage()).startsWith("dbt run-operation no_such_macro --args {password: ***} exited ");
    for (String log : List.of("ferry.log", "dbt.log")) {
      ArtifactRef ref = completed.getArtifacts().stream().filter(a -> a.getName().equals(log)).findFirst().orElseThrow();
      String stored = s3.getObjectAsBytes(get -> get.bucket(BUCKET).key(keyOf(ref.getUri()))).asUtf8String();
      assertThat(stored).as(log).contains("no_such_macro").contains("***").doesNotContain(SECRET);
    }
    assertThat(completed.getArtifacts()).extracting(ArtifactRef::getName).contains("ferry.log");
  }

  @Test
  void aFailingCommandThatMayContinueFailsTheRunButTheNextCommandStillRuns() {
    RunRequested request = request().setProject(new ProjectSource(REPO.toString(), BROKEN_BRANCH,
            GitRepos.EXAMPLE_SUBDIRECTORY))
        .setCommands(List.of(
            DbtCommand.newBuilder().setArgs(List.of("build", "--select", "broken")).setContinueOnFailure(true).build(),
            Events.aDbtCommand("docs", "generate"),
            Events.aDbtCommand("run-operation", "no_such_macro"),
            Events.aDbtCommand("parse"))).build();

    KafkaProbe.send(topics.runRequested(), "default/nightly", request);
    RunCompleted completed = awaitCompletion(request.getRunId());

    assertThat(completed.getStatus()).isEqualTo(RunStatus.FAILED);
    assertThat(completed.getMessage()).as("the first failure").startsWith("dbt build --select broken exited 1 with 1 failed node");
    List<CommandResult> commands = completed.getCommands().stream().filter(c -> !c.getArgs().equals(List.of("deps"))).toList();
    assertThat(commands).extracting(CommandResult::getArgs).as("docs generate ran after the failed build; parse never ran")
        .containsExactly(List.of("build", "--select", "broken"), List.of("docs", "generate"),
            List.of("run-operation", "no_such_macro"));
    assertThat(commands).extracting(CommandResult::getExitCode).satisfiesExactly(
        build -> assertThat(build).isNotZero(), docs -> assertThat(docs).isZero(), macro -> assertThat(macro).isNotZero());
    assertThat(commands.getFirst().getFailures()).extracting(f -> f.getUniqueId()).containsExactly("model.jaffle_shop.broken");
    assertThat(completed.getArtifacts()).extracting(ArtifactRef::getName).contains("catalog.json");
  }

  @Test
  void aProjectThatCannotBeCheckedOutEndsFailedWithTheReason() {
    RunRequested request = request(List.of("build"))
        .setProject(new ProjectSource(TMP.resolve("missing").toString(), "HEAD", null)).build();

    KafkaProbe.send(topics.runRequested(), "default/nightly", request);
    RunCompleted completed = awaitCompletion(request.getRunId());

    assertThat(completed.getStatus()).isEqualTo(RunStatus.FAILED);
    assertThat(completed.getMessage()).startsWith("checkout failed: git clone");
    assertThat(completed.getStartedAt()).isNotNull();
  }

  @Test
  void anUnreadableRecordGoesToTheDeadLetterTopicAndTheNextRecordStillRuns() {
    KafkaProbe.sendRaw(topics.runRequested().name(), "default/nightly", "{not json".getBytes(StandardCharsets.UTF_8),
        Map.of("content-type", "application/json"));
    RunRequested next = request(List.of("parse")).build();
    KafkaProbe.send(topics.runRequested(), "default/nightly", next);

    ConsumerRecord<String, byte[]> dead = KafkaProbe.awaitRawRecord(topics.runRequested().deadLetterName(), r -> true);
    assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("{not json");
    assertThat(header(dead, "ferry-dlt-reason")).startsWith("value is not valid JSON");
    assertThat(header(dead, "kafka_dlt-exception-fqcn")).endsWith("DeserializationException");
    assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(topics.runRequested().name());
    assertThat(awaitCompletion(next.getRunId()).getStatus()).isEqualTo(RunStatus.SUCCEEDED);
  }

  private List<RunCompleted> completions(String runId) {
    return KafkaProbe.readAll(topics.runCompleted()).stream().map(ConsumerRecord::value)
        .filter(c -> c.getRunId().equals(runId)).toList();
  }

  private RunCompleted awaitCompletion(String runId) {
    return KafkaProbe.awaitRecord(topics.runCompleted(), r -> r.value().getRunId().equals(runId)).value();
  }

  @SafeVarargs
  private static RunRequested.Builder request(List<String>... commands) {
    return Events.aRunRequested()
        .setCommands(java.util.Arrays.stream(commands).map(args -> Events.aDbtCommand(args.toArray(String[]::new))).toList())
        .setProject(new ProjectSource(REPO.toString(), "main", GitRepos.EXAMPLE_SUBDIRECTORY))
        .setTarget("prod");
  }

  /** A value of ferry.runner.secret-environment: masked wherever the run writes it down. */
  private static final String SECRET = "hunter2-but-longer";

  private static String keyOf(String uri) {
    return uri.substring(("s3://" + BUCKET + "/").length());
  }

  private static String header(ConsumerRecord<String, byte[]> record, String name) {
    return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }

  private static Path createTempDir() {
    try {
      return Files.createTempDirectory("ferry-runner-test-");
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
