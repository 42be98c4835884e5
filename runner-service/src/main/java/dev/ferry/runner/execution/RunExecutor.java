package dev.ferry.runner.execution;

import dev.ferry.events.Redaction;
import dev.ferry.events.ArtifactsKept;
import dev.ferry.events.RunStatus;
import dev.ferry.events.RuntimeVariables;
import dev.ferry.events.SafeNames;
import dev.ferry.runner.RunnerProperties;
import dev.ferry.runner.artifacts.ArtifactUploader;
import dev.ferry.runner.artifacts.StoredArtifact;
import dev.ferry.runner.packages.PackageCache;
import dev.ferry.runner.process.ExternalProcess;
import dev.ferry.runner.workspace.CheckoutException;
import dev.ferry.runner.workspace.Folders;
import dev.ferry.runner.workspace.GitCheckout;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs one request from start to end: checks the project out, publishes RunStarted, installs the
 * project's packages (from the package cache, or with {@code dbt deps}), then runs each command in
 * order with the runtime variables in its environment, stops at the first failure (unless the
 * command says to continue) or at the timeout, uploads every artifact, and publishes RunCompleted. Heartbeats flow while it runs. Called on a slot thread.
 */
@Component
public class RunExecutor {

  private static final Logger log = LoggerFactory.getLogger(RunExecutor.class);

  /** The run's console log, uploaded with the artifacts. */
  public static final String RUN_LOG = "ferry.log";
  /** How long a run waits, at a runner's start, for the cancels already on the control topic. */
  private static final Duration CANCELS_PATIENCE = Duration.ofSeconds(60);

  private static final List<String> TARGET_ARTIFACTS =
      List.of("manifest.json", "run_results.json", "sources.json", "catalog.json", "semantic_manifest.json");
  private static final JsonMapper JSON = JsonMapper.builder().build();

  private final RunnerProperties properties;
  private final GitCheckout git;
  private final ArtifactUploader uploader;
  private final RunEvents events;
  private final Clock clock;
  private final ScheduledExecutorService heartbeats;
  private final Cancellations cancellations;
  private final RunMetrics runMetrics;
  private final DeferState deferState;
  private final PackageCache packages;

  RunExecutor(RunnerProperties properties, GitCheckout git, ArtifactUploader uploader, RunEvents events, Clock clock,
      ScheduledExecutorService heartbeats, Cancellations cancellations, RunMetrics runMetrics, PackageCache packages) {
    this.packages = packages;
    this.cancellations = cancellations;
    this.runMetrics = runMetrics;
    this.deferState = new DeferState(properties.manifestUrl(), properties.manifestToken());
    this.properties = properties;
    this.git = git;
    this.uploader = uploader;
    this.events = events;
    this.clock = clock;
    this.heartbeats = heartbeats;
  }

  /**
   * Executes the run and publishes its completion; a run whose completion is already recorded is
   * not executed again, its completion is published again. Whatever goes wrong inside the runner
   * ends the run FAILED with the reason. An interrupt (the runner is shutting down) stops dbt and
   * returns without a completion, so that the request is delivered again.
   */
  public void execute(RunRequest request) throws InterruptedException {
    MDC.put("runId", request.runId());
    MDC.put("schedule", request.scheduleKey());
    try {
      if (!events.republishCompletion(request)) {
        run(request);
      }
    } finally {
      MDC.remove("runId");
      MDC.remove("schedule");
    }
  }

  private void run(RunRequest request) throws InterruptedException {
    if (cancellations.superseded(request.runId(), request.attempt(), CANCELS_PATIENCE)) {
      log.info("Run {} of {}: attempt {} was ended LOST by the scheduler and is retried as a later attempt; "
          + "not running it", request.runId(), request.scheduleKey(), request.attempt());
      return;
    }
    Path runDir = properties.workDir().resolve(SafeNames.requireRunId(request.runId()));
    if (events.owesCompletion(runDir)) {
      log.info("Run {} of {} ended and keeps its artifacts here; the kept-run sweep publishes its completion",
          request.runId(), request.scheduleKey());
      return;
    }
    deleteQuietly(runDir); // left by an execution that died with its runner
    Instant startedAt = clock.instant();
    Attempt attempt = new Attempt();
    SecretMask mask = SecretMask.of(properties.secretEnvironment().values());
    Duration interval = properties.heartbeatInterval();
    ScheduledFuture<?> heartbeat = heartbeats.scheduleAtFixedRate(
        () -> events.heartbeat(request, clock.instant()), interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
    LiveLog liveLog = new LiveLog(events, request, clock);
    ScheduledFuture<?> liveLogFlush = heartbeats.scheduleAtFixedRate(liveLog::flush, 1, 1, TimeUnit.SECONDS);
    try {
      log.info("Run {} of {} starting (attempt {}, {} by {})", request.runId(), request.scheduleKey(),
          request.attempt(), request.trigger(), request.requestedBy());
      List<StoredArtifact> artifacts = List.of();
      try {
        try (RunLog runLog = new RunLog(runDir.resolve(RUN_LOG), mask, liveLog::add)) {
          performCancellably(request, startedAt, runDir, runLog, attempt);
          runLog.event(clock.instant(), "run " + attempt.status + (attempt.message == null ? "" : ": " + attempt.message));
        }
        liveLog.flush(); // followers see the whole log before the run ends
        if (attempt.superseded) {
          log.warn("Run {} of {}: attempt {} was ended LOST by the scheduler while it ran here and was stopped; "
              + "its retry stands, so it publishes nothing", request.runId(), request.scheduleKey(), request.attempt());
          return;
        }
        artifacts = upload(request, runDir, attempt, mask);
      } catch (RuntimeException e) {
        log.error("Run {} failed inside the runner: {}", request.runId(), mask.apply(e.toString()));
        log.debug("Run {} failed inside the runner", request.runId(), e);
        attempt.fail(RunStatus.FAILED, "runner error: " + e.getMessage());
      }
      RunOutcome outcome = new RunOutcome(attempt.status, startedAt, clock.instant(), attempt.gitSha,
          dbtVersion(attempt.projectDir), attempt.commands.stream().map(c -> c.masked(mask)).toList(), artifacts,
          attempt.message == null ? null : mask.apply(attempt.message));
      if (attempt.kept == null) {
        events.completed(request, outcome);
      } else {
        String dbtMessage = attempt.kept.message() == null ? null : mask.apply(attempt.kept.message());
        events.completedWithArtifactsKept(request, outcome, outcome.withStatus(attempt.kept.status(), dbtMessage),
            runDir, attempt.kept.files());
      }
      runMetrics.completed(request, outcome, artifacts);
      log.info("Run {} of {} {} in {} s{}", request.runId(), request.scheduleKey(), outcome.status(),
          Duration.between(startedAt, outcome.finishedAt()).toSeconds(),
          outcome.message() == null ? "" : ": " + outcome.message());
    } finally {
      heartbeat.cancel(false);
      liveLogFlush.cancel(false);
      liveLog.flush();
      if (!properties.keepWorkspaces() && !attempt.keepWorkspace) {
        deleteQuietly(runDir);
      }
    }
  }

  /**
   * Performs the run unless it was cancelled; a cancel while it performs interrupts it, which stops
   * git or dbt and every process they started, and ends the run CANCELLED. Any other interrupt is
   * the runner stopping, and goes on up.
   */
  private void performCancellably(RunRequest request, Instant startedAt, Path runDir, RunLog runLog, Attempt attempt)
      throws InterruptedException {
    if (!cancellations.performing(request.runId(), request.attempt(), CANCELS_PATIENCE)) {
      attempt.cancelled(cancellations.cancelledBy(request.runId(), request.attempt()).orElse("unknown"),
          "before it started");
      return;
    }
    try {
      perform(request, startedAt, runDir, runLog, attempt);
    } catch (InterruptedException e) {
      Optional<String> by = cancellations.cancelledBy(request.runId(), request.attempt());
      if (by.isEmpty()) {
        throw e;
      }
      attempt.cancelled(by.get(), "while it ran");
      attempt.superseded = cancellations.superseded(request.runId(), request.attempt());
    } finally {
      cancellations.performed(request.runId(), request.attempt());
    }
  }

  private void perform(RunRequest request, Instant startedAt, Path runDir, RunLog runLog, Attempt attempt)
      throws InterruptedException {
    RunRequest.Project project = request.project();
    runLog.event(clock.instant(), "checking out " + Redaction.urls(project.repository()) + " at " + project.ref());
    try {
      GitCheckout.CheckedOutProject checkout = git.checkout(project.repository(), project.ref(), runDir.resolve("repo"));
      attempt.gitSha = checkout.sha();
      attempt.projectDir = checkout.projectDir(project.subdirectory());
    } catch (CheckoutException e) {
      attempt.fail(RunStatus.FAILED, "checkout failed: " + e.getMessage());
      return;
    }
    events.started(request, startedAt, attempt.gitSha);
    if (!Files.isRegularFile(attempt.projectDir.resolve("dbt_project.yml"))) {
      attempt.fail(RunStatus.FAILED, "no dbt_project.yml in " + (project.subdirectory() == null ? "the repository root"
          : project.subdirectory()) + " at " + attempt.gitSha);
      return;
    }
    Duration timeout = request.timeout() != null ? request.timeout() : properties.defaultTimeout();
    Instant deadline = startedAt.plus(timeout);
    Map<String, String> environment;
    try {
      environment = environment(request, startedAt, attempt.gitSha);
    } catch (MissingSecretException e) {
      attempt.fail(RunStatus.FAILED, e.getMessage());
      return;
    }
    if (request.deferTo() != null) {
      try {
        Optional<DeferState.State> state = deferState.fetch(request.workspace(), request.deferTo(), runDir.resolve("state"));
        if (state.isPresent()) {
          String dir = state.get().dir().toString();
          environment.put("DBT_STATE", dir);
          environment.put("DBT_DEFER_STATE", dir);
          environment.put(RuntimeVariables.DEFER_RUN_ID, state.get().runId());
          runLog.event(clock.instant(), "deferring to run " + state.get().runId() + " of " + request.deferTo()
              + " (DBT_STATE=" + dir + ")");
        } else {
          runLog.event(clock.instant(), request.deferTo() + " has no manifest to defer to yet; running without state");
        }
      } catch (DeferState.DeferStateException e) {
        attempt.fail(RunStatus.FAILED, e.getMessage());
        return;
      }
    }
    Invocation invocation = new Invocation(request, environment, deadline, timeout, runLog, attempt);
    if (!packages.install(attempt.projectDir, runDir.resolve("repo"), environment,
        () -> invoke(invocation, new RunRequest.Command(List.of("deps"), false)),
        note -> runLog.event(clock.instant(), note))) {
      return;
    }
    for (RunRequest.Command command : request.commands()) {
      if (!invoke(invocation, command)) {
        return;
      }
    }
  }

  /** What every command of one run shares. */
  private record Invocation(RunRequest request, Map<String, String> environment, Instant deadline, Duration timeout,
      RunLog runLog, Attempt attempt) {}

  /**
   * Runs one dbt command and records its outcome; returns whether the run goes on. A failed
   * command fails the run, and stops it unless the command says to continue; a timeout always stops it.
   */
  private boolean invoke(Invocation run, RunRequest.Command dbt) throws InterruptedException {
    List<String> args = dbt.args();
    Attempt attempt = run.attempt();
    List<String> command = DbtArguments.of(properties.dbtExecutable(), args, run.request().target(),
        run.request().profile());
    run.runLog().event(clock.instant(), "$ " + String.join(" ", command));
    Instant commandStarted = clock.instant();
    ExternalProcess.Result result;
    try {
      result = ExternalProcess.run(command, attempt.projectDir, run.environment(), run.deadline(),
          properties.stopGracePeriod(), run.runLog()::line);
    } catch (IOException e) {
      attempt.fail(RunStatus.FAILED, "cannot start " + properties.dbtExecutable() + ": " + e.getMessage());
      return false;
    }
    RunResultsSummary results = RunResultsSummary.readIfWrittenSince(
        attempt.projectDir.resolve("target/run_results.json"), commandStarted).orElse(RunResultsSummary.NONE);
    attempt.commands.add(new RunOutcome.CommandOutcome(args, result.exitCode(), result.duration().toMillis(), results));
    if (result.timedOut()) {
      attempt.fail(RunStatus.TIMED_OUT, "dbt " + String.join(" ", args) + " was stopped when the run's timeout of "
          + run.timeout() + " passed");
      return false;
    }
    if (result.exitCode() != 0) {
      attempt.failOnce(RunStatus.FAILED, "dbt " + String.join(" ", args) + " exited " + result.exitCode()
          + failedNodes(results) + "; see " + RUN_LOG);
      if (dbt.continueOnFailure()) {
        run.runLog().event(clock.instant(), "dbt " + String.join(" ", args)
            + " failed; going on with the next command (continue_on_failure)");
        return true;
      }
      return false;
    }
    return true;
  }

  private static String failedNodes(RunResultsSummary results) {
    int failed = results.failures().size() + results.failuresOmitted();
    if (failed == 0) {
      return "";
    }
    return " with " + failed + " failed node" + (failed == 1 ? "" : "s") + " (" + results.failures().getFirst().uniqueId()
        + (failed > 1 ? ", ..." : "") + ")";
  }

  private Map<String, String> environment(RunRequest request, Instant startedAt, String gitSha) {
    Map<String, String> environment = new LinkedHashMap<>();
    environment.put("DBT_USE_COLORS", "false");
    environment.putAll(properties.environment());
    environment.putAll(properties.secretEnvironment());
    environment.putAll(request.environment());
    request.secretEnvironment().forEach((variable, secret) -> {
      String value = properties.secretEnvironment().get(secret);
      if (value == null) {
        throw new MissingSecretException("the schedule's env " + variable + " names secret " + secret
            + ", which this runner does not have (ferry.runner.secret-environment." + secret + ")");
      }
      environment.put(variable, value);
    });
    environment.putAll(RuntimeVariablesEnvironment.of(request, startedAt, gitSha, new RuntimeVariablesEnvironment.DbtCloudIds(
        properties.dbtCloudAccountId(), properties.dbtCloudProjectId(), properties.dbtCloudEnvironmentId())));
    return environment;
  }

  private List<StoredArtifact> upload(RunRequest request, Path runDir, Attempt attempt, SecretMask mask)
      throws InterruptedException {
    Map<String, Path> files = new LinkedHashMap<>();
    if (attempt.projectDir != null) {
      TARGET_ARTIFACTS.forEach(name -> files.put(name, attempt.projectDir.resolve("target").resolve(name)));
      Path dbtLog = attempt.projectDir.resolve("logs").resolve("dbt.log");
      if (ArtifactUploader.isPlainFileUnder(runDir, dbtLog)) {
        mask.applyTo(dbtLog);
      }
      files.put("dbt.log", dbtLog);
    }
    files.put(RUN_LOG, runDir.resolve(RUN_LOG));
    try {
      return uploader.upload(request.workspace(), request.schedule(), request.runId(), request.attempt(), runDir,
          files);
    } catch (ArtifactUploader.ArtifactStoreUnavailableException e) {
      attempt.keepWorkspace = true;
      attempt.kept = new Kept(attempt.status, attempt.message, files);
      log.error("Artifacts of run {} were not stored: {}; they are kept in {} and stored when the artifact store is back",
          request.runId(), e.getMessage(), runDir);
      attempt.fail(RunStatus.FAILED, ArtifactsKept.MESSAGE_PREFIX + e.getMessage() + "; kept in " + runDir + " on "
          + properties.workerId() + ", to be stored with a new completion when the artifact store is back");
      return List.of();
    } catch (RuntimeException e) {
      log.error("Artifacts of run {} were not stored: {}", request.runId(), e.getMessage());
      attempt.fail(RunStatus.FAILED, "artifact upload failed: " + e.getMessage());
      return List.of();
    }
  }

  /** The dbt version the run used, from its run_results.json; null when dbt never wrote a readable one. */
  private static String dbtVersion(Path projectDir) {
    Path results = projectDir == null ? null : projectDir.resolve("target/run_results.json");
    if (results == null || !Files.isRegularFile(results, LinkOption.NOFOLLOW_LINKS)) {
      return null;
    }
    try {
      JsonNode version = JSON.readTree(results.toFile()).path("metadata").path("dbt_version");
      return version.isString() ? version.asString() : null;
    } catch (JacksonException e) {
      return null; // dbt was stopped while writing it
    }
  }

  private static void deleteQuietly(Path dir) {
    try {
      Folders.delete(dir);
    } catch (IOException e) {
      log.warn("Could not remove the workspace {}: {}", dir, e.getMessage());
    }
  }

  /** A schedule names a secret the runner was not given. */
  private static final class MissingSecretException extends RuntimeException {
    MissingSecretException(String message) {
      super(message);
    }
  }

  /** How the run ended before its artifacts could not be stored, and the files to store later. */
  private record Kept(RunStatus status, String message, Map<String, Path> files) {}

  /** What one execution has found out so far; owned by the executing thread. */
  private static final class Attempt {
    private RunStatus status = RunStatus.SUCCEEDED;
    private String message;
    private String gitSha;
    private Path projectDir;
    private boolean keepWorkspace;
    /** Stopped because the scheduler ended this attempt LOST: it must publish nothing. */
    private boolean superseded;
    private Kept kept;
    private final List<RunOutcome.CommandOutcome> commands = new ArrayList<>();

    void fail(RunStatus failure, String why) {
      status = failure;
      message = why;
    }

    /** A failure that does not hide an earlier one: the run's message names the first command that failed. */
    void failOnce(RunStatus failure, String why) {
      if (status == RunStatus.SUCCEEDED) {
        fail(failure, why);
      }
    }

    void cancelled(String by, String when) {
      fail(RunStatus.CANCELLED, "cancelled by " + by + " " + when);
    }
  }
}
