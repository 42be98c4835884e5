package dev.ferry.standalone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ferry.embedded.FreePorts;
import dev.ferry.testing.FerryHome;
import dev.ferry.testing.HttpProbe;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every Grafana panel and every alert in {@code monitoring/} against a live system: the standalone
 * system runs a real schedule, a real Prometheus (Debian's, which scripts/test installs) scrapes
 * the three services, and each panel's query must return data, each alert expression must
 * evaluate, and no query may name a {@code ferry_*} metric that no service exposes.
 */
@Tag("e2e")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitoringTest {

  private static final JsonMapper JSON = JsonMapper.builder().build();
  private static final Pattern FERRY_METRIC = Pattern.compile("\\bferry_[a-z0-9_]+\\b");
  private static final Pattern JOB_NAME = Pattern.compile("job_name:\\s*(ferry-[a-z]+)");
  /** What a dashboard's variables and Grafana's built-in intervals stand for in this test. */
  private static final Map<String, String> VARIABLES = Map.of(
      "workspace", "default", "schedule", "nightly",
      "__rate_interval", "15s", "__interval", "5s", "__range", "5m");
  private static final Duration DATA_DEADLINE = Duration.ofSeconds(40);

  @TempDir
  static Path tmp;

  private static StandaloneSystem system;
  private static StandaloneOptions.Ports ports;
  private static Process prometheus;
  private static URI prometheusUri;

  @BeforeAll
  static void startFerryAndPrometheus() throws IOException {
    Optional<Path> binary = prometheusBinary();
    assumeTrue(binary.isPresent(), "no prometheus binary on PATH (or FERRY_PROMETHEUS): scripts/test installs "
        + "Debian's with 'apt-get install -y prometheus' where apt works; skipping the monitoring test");
    Path schedules = ExampleSchedules.write(tmp, """
        schedules:
          - name: nightly
            schedule: "0 2 * * *"
            commands: [dbt build]
            project: {repository: analytics, subdirectory: examples/jaffle_shop}
            target: prod
            retries: {count: 1}
            sla: 3h
          - name: hourly
            schedule: "@hourly"
            commands: [dbt run]
            project: {repository: analytics, subdirectory: examples/jaffle_shop}
            target: prod
        """);
    ports = ExampleSchedules.freePorts();
    prometheus = startPrometheus(binary.get());
    system = StandaloneSystem.start(new StandaloneOptions(tmp.resolve("data"), schedules, FerryHome.dbt().toString(),
        ports, Map.of("JAFFLE_SHOP_DUCKDB_DIR", tmp.resolve("data/warehouse").toString()), false));
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (prometheus != null) {
      prometheus.destroy();
      if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
    }
    if (system != null) {
      system.close();
    }
  }

  @Test
  @Order(1)
  void aRunSucceedsAndPrometheusScrapesAllThreeServices() {
    HttpResponse<String> trigger = HttpProbe.post(
        URI.create("http://127.0.0.1:" + ports.scheduler() + "/api/v1/workspaces/default/schedules/nightly/runs"), "");
    assertThat(trigger.statusCode()).as(trigger.body()).isBetween(200, 299);
    String runId = JSON.readTree(trigger.body()).get("runId").asString();

    await("run " + runId + " to succeed").atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(500))
        .until(() -> JSON.readTree(HttpProbe.getString(URI.create(
            "http://127.0.0.1:" + ports.scheduler() + "/api/v1/runs/" + runId))).path("status").asString(""),
            status -> status.equals("SUCCEEDED") || status.equals("FAILED"));
    assertThat(JSON.readTree(HttpProbe.getString(URI.create("http://127.0.0.1:" + ports.scheduler() + "/api/v1/runs/" + runId)))
        .get("status").asString()).isEqualTo("SUCCEEDED");
    // What developers do next: fetch the defer target (200), and one that does not exist yet (404).
    String manifests = "http://127.0.0.1:" + ports.manifest() + "/api/v1/workspaces/default/schedules/";
    await("nightly's manifest to be served").atMost(Duration.ofSeconds(30))
        .until(() -> HttpProbe.get(URI.create(manifests + "nightly/manifest")).statusCode() == 200);
    assertThat(HttpProbe.get(URI.create(manifests + "hourly/manifest")).statusCode()).isEqualTo(404);

    await("all three services scraped").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(500))
        .until(() -> query("sum(up{job=~\"ferry-.*\"})").path("result").path(0).path("value").path(1).asString(""),
            "3"::equals);
  }

  @Test
  @Order(2)
  void everyDashboardPanelReturnsData() throws IOException {
    Map<String, String> panels = dashboardQueries();
    assertThat(panels).as("dashboard queries").isNotEmpty();
    Map<String, String> empty = new LinkedHashMap<>(panels);
    Map<String, String> errors = new LinkedHashMap<>();
    // Rates need two scrapes after the counters moved: ask again every second until every query has data.
    try {
      await("every panel to have data").atMost(DATA_DEADLINE).pollInterval(Duration.ofSeconds(1)).until(() -> {
        errors.clear();
        empty.entrySet().removeIf(panel -> {
          JsonNode response = queryResponse(panel.getValue());
          if (!"success".equals(response.path("status").asString(""))) {
            errors.put(panel.getKey(), response.path("error").asString(response.toString()));
            return false;
          }
          return !response.path("data").path("result").isEmpty();
        });
        return empty.isEmpty();
      });
    } catch (ConditionTimeoutException e) {
      // Reported below, panel by panel.
    }
    assertThat(errors).as("panel queries Prometheus rejected").isEmpty();
    assertThat(empty).as("panel queries that returned no data within " + DATA_DEADLINE).isEmpty();
  }

  @Test
  @Order(3)
  void everyAlertExpressionEvaluates() throws IOException {
    Map<String, String> alerts = alertExpressions();
    assertThat(alerts).as("alert rules").isNotEmpty();
    Map<String, String> errors = new LinkedHashMap<>();
    alerts.forEach((name, expr) -> {
      JsonNode response = queryResponse(expr);
      if (!"success".equals(response.path("status").asString(""))) {
        errors.put(name, response.path("error").asString(response.toString()));
      }
    });
    assertThat(errors).as("alert expressions Prometheus could not evaluate").isEmpty();
  }

  @Test
  @Order(4)
  void panelsAndAlertsNameOnlyFerryMetricsTheServicesExpose() throws IOException {
    JsonNode names = JSON.readTree(HttpProbe.get(URI.create(prometheusUri + "/api/v1/label/__name__/values")).body());
    Set<String> exposed = names.path("data").valueStream().map(JsonNode::asString).collect(Collectors.toCollection(TreeSet::new));
    assertThat(exposed).as("metrics scraped from the services").contains("ferry_manifest_age_seconds", "ferry_runner_slots");

    Map<String, Set<String>> unknown = new LinkedHashMap<>();
    Map<String, String> all = new LinkedHashMap<>(dashboardQueries());
    alertExpressions().forEach((name, expr) -> all.put("alert " + name, expr));
    all.forEach((where, expr) -> {
      Set<String> missing = new TreeSet<>();
      Matcher metric = FERRY_METRIC.matcher(expr);
      while (metric.find()) {
        if (!exposed.contains(metric.group())) {
          missing.add(metric.group());
        }
      }
      if (!missing.isEmpty()) {
        unknown.put(where, missing);
      }
    });
    assertThat(unknown).as("ferry_* metrics no service exposes (exposed: %s)",
        exposed.stream().filter(n -> n.startsWith("ferry_")).toList()).isEmpty();
  }

  @Test
  @Order(5)
  void composePrometheusScrapesTheJobsTheDashboardsSelect() throws IOException {
    String compose = Files.readString(monitoring().resolve("prometheus/prometheus.yml"));
    Set<String> jobs = new TreeSet<>();
    Matcher job = JOB_NAME.matcher(compose);
    while (job.find()) {
      jobs.add(job.group(1));
    }
    assertThat(jobs).containsExactlyInAnyOrder("ferry-scheduler", "ferry-runner", "ferry-manifest");
  }

  /** Every query of every panel of every dashboard, keyed by dashboard, panel and target. */
  private static Map<String, String> dashboardQueries() throws IOException {
    Map<String, String> queries = new LinkedHashMap<>();
    try (Stream<Path> files = Files.list(monitoring().resolve("grafana/dashboards"))) {
      for (Path file : files.filter(f -> f.toString().endsWith(".json")).sorted().toList()) {
        JsonNode dashboard = JSON.readTree(file.toFile());
        panels(dashboard.path("panels")).forEach(panel -> panel.path("targets").valueStream()
            .filter(target -> target.hasNonNull("expr"))
            .forEach(target -> queries.put(file.getFileName() + " / " + panel.path("title").asString() + " / "
                + target.path("refId").asString(), substitute(target.get("expr").asString()))));
      }
    }
    return queries;
  }

  /** Panels, including those nested in collapsed rows. */
  private static Stream<JsonNode> panels(JsonNode panels) {
    return panels.valueStream().flatMap(panel -> Stream.concat(Stream.of(panel), panels(panel.path("panels"))));
  }

  private static String substitute(String expr) {
    String result = expr;
    for (Map.Entry<String, String> variable : VARIABLES.entrySet()) {
      result = result.replace("${" + variable.getKey() + "}", variable.getValue())
          .replaceAll("\\$" + Pattern.quote(variable.getKey()) + "\\b", Matcher.quoteReplacement(variable.getValue()));
    }
    assertThat(result).as("a dashboard variable this test does not know in: " + expr).doesNotContain("$");
    return result;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, String> alertExpressions() throws IOException {
    Map<String, String> alerts = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(monitoring().resolve("prometheus/alerts.yml"))) {
      Map<String, Object> file = new Yaml().load(in);
      for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
        for (Map<String, Object> rule : (List<Map<String, Object>>) group.get("rules")) {
          String name = String.valueOf(rule.getOrDefault("alert", rule.get("record")));
          alerts.put(name, String.valueOf(rule.get("expr")));
        }
      }
    }
    return alerts;
  }

  private static JsonNode query(String promql) {
    JsonNode response = queryResponse(promql);
    assertThat(response.path("status").asString("")).as(promql + " → " + response).isEqualTo("success");
    return response.path("data");
  }

  private static JsonNode queryResponse(String promql) {
    URI uri = URI.create(prometheusUri + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
    return JSON.readTree(HttpProbe.get(uri).body());
  }

  private static Path monitoring() {
    return FerryHome.root().resolve("monitoring");
  }

  private static Optional<Path> prometheusBinary() {
    String configured = System.getenv("FERRY_PROMETHEUS");
    if (configured != null && !configured.isBlank()) {
      return Optional.of(Path.of(configured)).filter(Files::isExecutable);
    }
    return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
        .filter(dir -> !dir.isBlank())
        .map(dir -> Path.of(dir, "prometheus"))
        .filter(Files::isExecutable)
        .findFirst();
  }

  /** Prometheus on loopback, scraping the three services every second with the compose job names. */
  private static Process startPrometheus(Path binary) throws IOException {
    int port = FreePorts.next();
    prometheusUri = URI.create("http://127.0.0.1:" + port);
    Path config = tmp.resolve("prometheus.yml");
    StringBuilder yaml = new StringBuilder("""
        global:
          scrape_interval: 1s
          scrape_timeout: 1s
          evaluation_interval: 1s
        scrape_configs:
        """);
    Map<String, Integer> jobs = Map.of("ferry-scheduler", ports.scheduler(), "ferry-runner", ports.runner(),
        "ferry-manifest", ports.manifest());
    jobs.forEach((job, servicePort) -> yaml.append("""
          - job_name: %s
            metrics_path: /actuator/prometheus
            static_configs:
              - targets: ["127.0.0.1:%d"]
        """.formatted(job, servicePort)));
    Files.writeString(config, yaml);
    List<String> command = new ArrayList<>(List.of(binary.toString(),
        "--config.file=" + config,
        "--storage.tsdb.path=" + tmp.resolve("prometheus-data"),
        "--web.listen-address=127.0.0.1:" + port,
        "--log.level=warn"));
    Process process = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(tmp.resolve("prometheus.log").toFile()).start();
    await("Prometheus to be ready").atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
        .ignoreExceptionsInstanceOf(java.io.UncheckedIOException.class).until(() -> {
          if (!process.isAlive()) {
            throw new AssertionError("prometheus exited: " + Files.readString(tmp.resolve("prometheus.log")));
          }
          return HttpProbe.get(URI.create(prometheusUri + "/-/ready")).statusCode() == 200;
        });
    return process;
  }
}
