package dev.ferry.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.embedded.FreePorts;
import dev.ferry.testing.DuckDb;
import dev.ferry.testing.FerryHome;
import dev.ferry.testing.GitRepos;
import dev.ferry.testing.HttpProbe;
import dev.ferry.testing.Processes;
import dev.ferry.testing.SharedInfrastructure;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.s3.S3Client;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The whole system the way a user drives it: the standalone system on a real broker and S3 store,
 * the {@code ferry} CLI as its own process, real git and real dbt. A production run is triggered
 * and awaited; then a developer changes one staging model and builds only what changed, deferring
 * everything else to the production manifest.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneEndToEndTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();

  @TempDir
  static Path tmp;

  private static StandaloneSystem system;
  private static StandaloneOptions.Ports ports;
  private static Path repo;
  private static Path warehouse;
  private static String headSha;
  private static String prodRunId;

  @BeforeAll
  static void startFerryWithAnAnalyticsRepository() throws IOException {
    repo = tmp.resolve("analytics");
    GitRepos.copyExample(repo);
    headSha = GitRepos.commitCopy(repo, repo);
    Path schedules = tmp.resolve("ferry_schedules.yml");
    Files.writeString(schedules, """
        schedules:
          - name: nightly
            schedule: "0 2 * * *"
            commands: [dbt build]
            project: {repository: analytics, subdirectory: examples/jaffle_shop}
            target: prod
          - name: nightly-changes
            schedule: manual
            commands: ["dbt build --select state:modified+ --defer"]
            project: {repository: analytics, subdirectory: examples/jaffle_shop}
            target: prod
            defer_to: nightly
          - name: pr-check
            schedule: manual
            commands: ["dbt build --select state:modified+ --defer"]
            project: {repository: analytics, subdirectory: examples/jaffle_shop}
            target: dev
            defer_to: nightly
        """);
    warehouse = tmp.resolve("data/warehouse");
    ports = new StandaloneOptions.Ports(FreePorts.next(), FreePorts.next(), FreePorts.next(), FreePorts.next(),
        FreePorts.next(), FreePorts.next());
    system = StandaloneSystem.start(new StandaloneOptions(tmp.resolve("data"), schedules, FerryHome.dbt().toString(),
        ports, Map.of("JAFFLE_SHOP_DUCKDB_DIR", warehouse.toString()), true));
  }

  @AfterAll
  static void stop() {
    if (system != null) {
      system.close();
    }
  }

  @Test
  @Order(1)
  void aTriggeredProductionRunSucceedsWritesAuditColumnsAndStoresItsManifest() throws Exception {
    Cli trigger = cli(tmp, "runs", "trigger", "nightly", "--wait");

    assertThat(trigger.exitCode()).as(trigger.err()).isZero();
    prodRunId = trigger.out().strip();
    assertThat(trigger.err()).contains("run " + prodRunId + " of nightly SUCCEEDED");

    JsonNode run = JSON.readTree(HttpProbe.getString(URI.create("http://127.0.0.1:" + ports.scheduler() + "/api/v1/runs/" + prodRunId)));
    assertThat(run.get("status").asString()).isEqualTo("SUCCEEDED");
    assertThat(run.get("gitSha").asString()).isEqualTo(headSha);
    Cli logs = cli(tmp, "runs", "logs", prodRunId);
    assertThat(logs.exitCode()).as(logs.err()).isZero();
    assertThat(logs.out()).contains("$ ").contains("Completed successfully").contains("run SUCCEEDED");

    assertThat(DuckDb.query(warehouse.resolve("prod.duckdb"),
        "select distinct ferry_run_id, ferry_schedule_name, ferry_trigger, ferry_git_sha from main.customers"))
        .containsExactly(List.of(prodRunId, "nightly", "manual", headSha));

    Path runManifest = tmp.resolve("data/work/" + prodRunId + "/repo/examples/jaffle_shop/target/manifest.json");
    JsonNode manifestRef = artifact(run, "manifest.json");
    String key = manifestRef.get("uri").asString().substring(("s3://" + StandaloneOptions.BUCKET + "/").length());
    byte[] stored;
    try (S3Client s3 = s3()) {
      stored = s3.getObjectAsBytes(get -> get.bucket(StandaloneOptions.BUCKET).key(key)).asByteArray();
    }
    assertThat(manifestRef.get("encoding").asString()).isEqualTo("gzip");
    stored = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(stored)).readAllBytes();
    assertThat(sha256(stored)).isEqualTo(sha256(Files.readAllBytes(runManifest)))
        .isEqualTo(manifestRef.get("sha256").asString());
  }

  @Test
  @Order(2)
  void aDeveloperBuildsOnlyTheChangedModelAndItsChildrenDeferringTheRestToProduction() throws Exception {
    Path dev = tmp.resolve("dev");
    GitRepos.git(tmp, "clone", "--quiet", repo.toString(), dev.toString());
    Path project = dev.resolve(GitRepos.EXAMPLE_SUBDIRECTORY);
    Processes.run(project, Map.of("JAFFLE_SHOP_DUCKDB_DIR", warehouse.toString()),
        List.of(FerryHome.dbt().toString(), "deps"));
    Path model = project.resolve("models/staging/stg_customers.sql");
    Files.writeString(model, Files.readString(model).replaceFirst("(?i)select", "select\n    'changed in dev' as dev_note,"));

    Cli build = cli(project, "dbt", "build", "--select", "state:modified+", "--defer", "--schedule-name", "nightly");

    assertThat(build.exitCode()).as(build.out() + build.err()).isZero();
    assertThat(build.err()).contains("deferring to nightly run " + prodRunId + " (git " + headSha.substring(0, 7));
    JsonNode results = JSON.readTree(project.resolve("target/run_results.json").toFile());
    Set<String> models = results.get("results").valueStream().map(r -> r.get("unique_id").asString())
        .filter(id -> id.startsWith("model.")).collect(Collectors.toSet());
    assertThat(models).containsExactlyInAnyOrder(
        "model.jaffle_shop.stg_customers", "model.jaffle_shop.customers", "model.jaffle_shop.customer_lifetime_value");
    assertThat(results.get("results").valueStream().map(r -> r.get("status").asString()))
        .allMatch(status -> status.equals("success") || status.equals("pass"));
    String customers = Files.readString(project.resolve("target/run/jaffle_shop/models/marts/customers.sql"));
    assertThat(customers).contains("\"prod\".\"main\".\"orders\"").contains("\"dev\".\"main\".\"stg_customers\"");
    String staging = Files.readString(project.resolve("target/compiled/jaffle_shop/models/staging/stg_customers.sql"));
    assertThat(staging).contains("\"prod\".\"main\".\"raw_customers\"");
  }

  @Test
  @Order(3)
  void theManifestOfACommitIsServedForReproducingThatState() throws Exception {
    String schedule = "http://127.0.0.1:" + ports.manifest() + "/api/v1/workspaces/default/schedules/nightly";

    HttpResponse<byte[]> atCommit = HttpProbe.get(URI.create(schedule + "/manifest?git_sha=" + headSha.substring(0, 7)));
    HttpResponse<byte[]> elsewhere = HttpProbe.get(URI.create(schedule + "/manifest?git_sha=" + "0".repeat(40)));
    JsonNode history = JSON.readTree(HttpProbe.get(URI.create(schedule + "/manifests?status=any")).body());

    assertThat(atCommit.statusCode()).isEqualTo(200);
    assertThat(atCommit.headers().firstValue("Ferry-Run-Id")).contains(prodRunId);
    assertThat(atCommit.headers().firstValue("Ferry-Manifest-Schema-Version")).contains("12");
    assertThat(JSON.readTree(atCommit.body()).get("metadata").get("project_name").asString()).isEqualTo("jaffle_shop");
    assertThat(elsewhere.statusCode()).isEqualTo(404);
    assertThat(history.get("manifests").valueStream().map(m -> m.get("runId").asString())).containsExactly(prodRunId);
    assertThat(history.get("manifests").get(0).get("nodeCounts").get("model").asInt()).isEqualTo(9);
  }

  @Test
  @Order(4)
  void aProductionScheduleDefersToTheLastGoodRunOfAnotherAndBuildsOnlyWhatChanged() throws Exception {
    Cli trigger = cli(tmp, "runs", "trigger", "nightly-changes", "--wait");

    assertThat(trigger.exitCode()).as(trigger.err()).isZero();
    String runId = trigger.out().strip();
    Cli logs = cli(tmp, "runs", "logs", runId);
    assertThat(logs.out()).contains("deferring to run " + prodRunId + " of nightly")
        .as("nothing changed since the nightly run").contains("Nothing to do");
  }

  @Test
  @Order(5)
  void anUnknownScheduleIsOneClearLineAndANonZeroExit() throws Exception {
    Cli trigger = cli(tmp, "runs", "trigger", "weekly");

    assertThat(trigger.exitCode()).isEqualTo(1);
    assertThat(trigger.err().strip()).isEqualTo("ferry: No schedule 'weekly' in workspace 'default'");
  }

  @Test
  @Order(6)
  void withTheManifestServiceDownADeveloperDefersToTheCachedManifestAndIsToldHowOldItIs() throws Exception {
    Path project = tmp.resolve("dev").resolve(GitRepos.EXAMPLE_SUBDIRECTORY);
    Cli show = cli(project, "state", "show", "nightly", "--json");
    assertThat(show.exitCode()).as(show.err()).isZero();
    assertThat(JSON.readTree(show.out()).get("runId").asString()).isEqualTo(prodRunId);

    system.stopManifestService();
    Cli offline = cli(project, "dbt", "ls", "--resource-type", "model", "--select", "state:modified", "--defer",
        "--schedule-name", "nightly");
    Cli pinnedUncached = cli(project, "dbt", "ls", "--defer", "--schedule-name", "nightly",
        "--defer-run-id", "00000000-0000-4000-8000-000000000000");

    assertThat(offline.exitCode()).as(offline.out() + offline.err()).isZero();
    assertThat(offline.err()).contains("unreachable").contains("using cached manifest of run " + prodRunId)
        .containsPattern("\\d+(s|m|h)[^\\n]* old");
    assertThat(offline.out().lines().filter(line -> line.startsWith("jaffle_shop.")))
        .as("the model changed in dev, found against the cached production manifest")
        .containsExactly("jaffle_shop.staging.stg_customers");
    assertThat(pinnedUncached.exitCode()).isEqualTo(4);
    assertThat(pinnedUncached.err().strip().lines()).singleElement().asString().startsWith("ferry: ");
  }

  @Test
  @Order(7)
  void aFollowedLogStreamsWhileTheRunGoesAndEndsWithIt() throws Exception {
    Cli trigger = cli(tmp, "runs", "trigger", "nightly");
    assertThat(trigger.exitCode()).as(trigger.err()).isZero();
    String runId = trigger.out().strip();

    Cli follow = cli(tmp, "runs", "logs", runId, "--follow");

    assertThat(follow.exitCode()).as(follow.err()).isZero();
    List<String> lines = follow.out().lines().toList();
    assertThat(lines).as("the whole log, from the checkout to the end").isNotEmpty();
    assertThat(lines.getFirst()).contains("checking out");
    assertThat(lines.getLast()).contains("run SUCCEEDED");
    assertThat(lines).anyMatch(line -> line.contains("Completed successfully"));
  }

  @Test
  @Order(5) // while the manifest service is up (Order 6 stops it)
  void aCiRunOfAPullRequestBuildsItsChangeAtItsCommitDeferringToProduction() throws Exception {
    String main = GitRepos.git(repo, "rev-parse", "--abbrev-ref", "HEAD").strip();
    GitRepos.git(repo, "checkout", "--quiet", "-b", "feature/refunds");
    Path model = repo.resolve(GitRepos.EXAMPLE_SUBDIRECTORY).resolve("models/staging/stg_orders.sql");
    Files.writeString(model, Files.readString(model).replaceFirst("(?i)select", "select\n    'refunds' as pr_note,"));
    String prSha = GitRepos.commitAll(repo, "orders: refunds");
    GitRepos.git(repo, "checkout", "--quiet", main);

    Cli trigger = cli(tmp, "runs", "trigger", "pr-check", "--ci", "--pr", "42", "--git-ref", "feature/refunds",
        "--branch", "feature/refunds", "--wait");

    assertThat(trigger.exitCode()).as(trigger.err()).isZero();
    String runId = trigger.out().strip();
    JsonNode run = JSON.readTree(HttpProbe.getString(URI.create("http://127.0.0.1:" + ports.scheduler() + "/api/v1/runs/" + runId)));
    assertThat(run.get("trigger").asString()).isEqualTo("ci");
    assertThat(run.get("gitSha").asString()).as("the pull request's commit").isEqualTo(prSha);
    assertThat(cli(tmp, "runs", "logs", runId).out()).containsPattern("deferring to run [0-9a-f-]+ of nightly");
    assertThat(DuckDb.query(warehouse.resolve("dev.duckdb"),
        "select distinct ferry_run_id, ferry_trigger, ferry_git_sha from main.customers"))
        .as("the changed model's children were built by the CI run, at its commit")
        .containsExactly(List.of(runId, "ci", prSha));
  }

  /** The CLI as a user runs it: its own JVM, in a working folder, talking HTTP to the services. */
  private static Cli cli(Path workingDir, String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"),
        "-cp", System.getProperty("java.class.path"), "dev.ferry.cli.Ferry"));
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command).directory(workingDir.toFile())
        .redirectOutput(tmp.resolve("cli.out").toFile()).redirectError(tmp.resolve("cli.err").toFile());
    builder.environment().putAll(Map.of(
        "FERRY_SCHEDULER_URL", "http://127.0.0.1:" + ports.scheduler(),
        "FERRY_MANIFEST_URL", "http://127.0.0.1:" + ports.manifest(),
        "FERRY_DBT", FerryHome.dbt().toString(),
        "FERRY_CACHE_DIR", tmp.resolve("cache").toString(),
        "JAFFLE_SHOP_DUCKDB_DIR", warehouse.toString()));
    Process process = builder.start();
    if (!process.waitFor(5, TimeUnit.MINUTES)) {
      process.destroyForcibly();
      throw new AssertionError("ferry " + String.join(" ", args) + " did not finish in 5 minutes");
    }
    return new Cli(process.exitValue(), Files.readString(tmp.resolve("cli.out")), Files.readString(tmp.resolve("cli.err")));
  }

  private record Cli(int exitCode, String out, String err) {}

  private static JsonNode artifact(JsonNode run, String name) {
    return run.get("artifacts").valueStream().filter(a -> a.get("name").asString().equals(name)).findFirst().orElseThrow();
  }

  private static S3Client s3() {
    return SharedInfrastructure.s3Client(URI.create(system.s3Endpoint()), StandaloneOptions.S3_ACCESS_KEY,
        StandaloneOptions.S3_SECRET_KEY);
  }

  private static String sha256(byte[] bytes) throws Exception {
    return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
  }
}
