package dev.ferry.runner.packages;

import static org.assertj.core.api.Assertions.assertThat;

import dev.ferry.events.ArtifactRef;
import dev.ferry.events.CommandResult;
import dev.ferry.events.ProjectSource;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Topics;
import dev.ferry.runner.RunnerApplication;
import dev.ferry.testing.Events;
import dev.ferry.testing.FerryHome;
import dev.ferry.testing.GitRepos;
import dev.ferry.testing.KafkaProbe;
import dev.ferry.testing.SharedInfrastructure;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The example project, whose only package is local ({@code ../../dbt-packages/ferry_audit}), run
 * with real git and real dbt: dbt deps runs once per content of the package files and the local
 * package, later runs take the packages from the cache, and a change to either is seen.
 */
@Tag("integration")
@SpringBootTest(classes = RunnerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.NONE,
    properties = "spring.config.name=runner")
class PackageCacheIntegrationTest {

  private static final String PREFIX = SharedInfrastructure.uniqueTopicPrefix();
  private static final String BUCKET = "package-cache-test";
  private static final Path TMP = createTempDir();

  @DynamicPropertySource
  static void infrastructure(DynamicPropertyRegistry registry) {
    SharedInfrastructure.serviceProperties(PREFIX, BUCKET).forEach(registry::add);
    registry.add("ferry.runner.dbt-executable", () -> FerryHome.dbt().toString());
    registry.add("ferry.runner.work-dir", () -> TMP.resolve("work").toString());
    registry.add("ferry.runner.environment.JAFFLE_SHOP_DUCKDB_DIR", () -> TMP.resolve("warehouse").toString());
  }

  @Autowired
  Topics topics;

  @Autowired
  MeterRegistry meters;

  @Test
  void depsRunsOnlyWhenThePackageFilesOrTheLocalPackageChanged() throws IOException {
    Path repo = exampleRepository("sequence");

    RunCompleted first = run(repo, "compile", "--select", "customers");
    double installed = deps("installed");
    double cached = deps("cached");
    RunCompleted second = run(repo, "compile", "--select", "customers");

    assertThat(first.getStatus()).as(first.getMessage()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(commandsOf(first)).first().isEqualTo(List.of("deps"));
    assertThat(second.getStatus()).as(second.getMessage()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(commandsOf(second)).as("packages came from the cache").containsExactly(
        List.of("compile", "--select", "customers"));
    assertThat(deps("cached")).isEqualTo(cached + 1);
    assertThat(deps("installed")).isEqualTo(installed);
    assertThat(log(second)).contains("packages from the cache").doesNotContain("$ " + FerryHome.dbt() + " deps");

    Files.writeString(repo.resolve("dbt-packages/ferry_audit/macros/cache_probe.sql"),
        "{% macro cache_probe() %}probe-{{ 6 * 7 }}{% endmacro %}\n");
    GitRepos.commitAll(repo, "A new macro in the local package");
    RunCompleted localChanged = run(repo, "compile", "--inline", "select '{{ ferry_audit.cache_probe() }}' as probe");

    assertThat(localChanged.getStatus()).as(localChanged.getMessage()).isEqualTo(RunStatus.SUCCEEDED);
    assertThat(commandsOf(localChanged)).first().as("the local package changed").isEqualTo(List.of("deps"));
    assertThat(log(localChanged)).contains("'probe-42' as probe");
    assertThat(deps("installed")).isEqualTo(installed + 1);

    Files.writeString(repo.resolve(GitRepos.EXAMPLE_SUBDIRECTORY).resolve("packages.yml"), "# changed\n",
        StandardOpenOption.APPEND);
    GitRepos.commitAll(repo, "packages.yml changed");
    RunCompleted packagesChanged = run(repo, "compile", "--select", "customers");

    assertThat(commandsOf(packagesChanged)).first().as("packages.yml changed").isEqualTo(List.of("deps"));
    assertThat(deps("installed")).isEqualTo(installed + 2);
  }

  @Test
  void twoRunsOfOneNewKeyAtOnceInstallOnceAndBothSucceed() throws IOException {
    Path repo = exampleRepository("concurrent");
    double installed = deps("installed");
    double cached = deps("cached");

    // DuckDB lets one process at a time open a database file: each run gets its own.
    RunRequested one = request(repo, "compile", "--select", "orders")
        .setEnvironment(Map.of("JAFFLE_SHOP_DUCKDB_DIR", warehouse("one"))).build();
    RunRequested other = request(repo, "compile", "--select", "orders")
        .setEnvironment(Map.of("JAFFLE_SHOP_DUCKDB_DIR", warehouse("other"))).build();
    KafkaProbe.send(topics.runRequested(), "default/nightly", one);
    KafkaProbe.send(topics.runRequested(), "default/nightly", other);

    for (RunCompleted completed : List.of(awaitCompletion(one.getRunId()), awaitCompletion(other.getRunId()))) {
      assertThat(completed.getStatus()).as(completed.getMessage()).isEqualTo(RunStatus.SUCCEEDED);
    }
    assertThat(deps("installed")).isEqualTo(installed + 1);
    assertThat(deps("cached")).isEqualTo(cached + 1);
    try (var entries = Files.list(TMP.resolve("work/cache/dbt-packages"))) {
      assertThat(entries.map(p -> p.getFileName().toString())).as("no temporary folder left behind")
          .noneMatch(name -> name.startsWith(".tmp-"));
    }
  }

  /** A repository with the example project; {@code marker} makes its package files differ from other tests'. */
  private static Path exampleRepository(String marker) throws IOException {
    Path repo = TMP.resolve(marker);
    GitRepos.copyExample(repo);
    Files.writeString(repo.resolve(GitRepos.EXAMPLE_SUBDIRECTORY).resolve("packages.yml"), "# " + marker + "\n",
        StandardOpenOption.APPEND);
    GitRepos.commitCopy(repo, repo);
    return repo;
  }

  private static String warehouse(String name) throws IOException {
    return Files.createDirectories(TMP.resolve("warehouse-" + name)).toString();
  }

  private RunCompleted run(Path repo, String... args) {
    RunRequested request = request(repo, args).build();
    KafkaProbe.send(topics.runRequested(), "default/nightly", request);
    return awaitCompletion(request.getRunId());
  }

  private static RunRequested.Builder request(Path repo, String... args) {
    return Events.aRunRequested().setCommands(List.of(Events.aDbtCommand(args)))
        .setProject(new ProjectSource(repo.toString(), "main", GitRepos.EXAMPLE_SUBDIRECTORY)).setTarget("prod");
  }

  private RunCompleted awaitCompletion(String runId) {
    return KafkaProbe.awaitRecord(topics.runCompleted(), r -> r.value().getRunId().equals(runId)).value();
  }

  private double deps(String result) {
    Counter counter = meters.find("ferry.runner.deps").tag("result", result).counter();
    return counter == null ? 0 : counter.count();
  }

  private static List<List<String>> commandsOf(RunCompleted completed) {
    return completed.getCommands().stream().map(CommandResult::getArgs).toList();
  }

  private static String log(RunCompleted completed) {
    ArtifactRef log = completed.getArtifacts().stream().filter(a -> a.getName().equals("ferry.log")).findFirst()
        .orElseThrow();
    try (S3Client s3 = SharedInfrastructure.s3Client()) {
      return s3.getObjectAsBytes(get -> get.bucket(BUCKET).key(log.getUri().substring(("s3://" + BUCKET + "/").length())))
          .asUtf8String();
    }
  }

  private static Path createTempDir() {
    try {
      Path tmp = Files.createTempDirectory("ferry-package-cache-test-");
      Files.createDirectories(tmp.resolve("warehouse"));
      return tmp;
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
