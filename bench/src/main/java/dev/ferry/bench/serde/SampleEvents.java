package dev.ferry.bench.serde;

import static dev.ferry.testing.Events.T0;

import dev.ferry.events.ArtifactRef;
import dev.ferry.events.CommandResult;
import dev.ferry.events.DbtCommand;
import dev.ferry.events.NodeFailure;
import dev.ferry.events.ProjectSource;
import dev.ferry.events.RunCompleted;
import dev.ferry.events.RunRequested;
import dev.ferry.events.RunStatus;
import dev.ferry.events.Trigger;
import dev.ferry.testing.Events;
import java.util.List;
import java.util.Map;

/** The events the serde benchmark encodes: as a production schedule writes them, not minimal ones. */
final class SampleEvents {

  private static final String RUN_ID = "3f2b8c1e-6d4a-4e0b-9a7c-5b1d2e3f4a5b";
  private static final String RUN_URI = "s3://acme-dbt-artifacts/ferry/analytics/nightly-marts/" + RUN_ID + "/";

  private SampleEvents() {}

  /** A cron run of three commands, a git project in a sub-folder, a target, an environment and a secret. */
  static RunRequested runRequested() {
    return Events.aRunRequested()
        .setRunId(RUN_ID)
        .setWorkspace("analytics")
        .setSchedule("nightly-marts")
        .setTrigger(Trigger.SCHEDULER)
        .setScheduledTick(T0)
        .setCommands(List.of(
            DbtCommand.newBuilder().setArgs(List.of("source", "freshness")).setContinueOnFailure(true).build(),
            Events.aDbtCommand("build", "--select", "tag:nightly", "--exclude", "tag:slow", "--fail-fast"),
            Events.aDbtCommand("docs", "generate")))
        .setProject(new ProjectSource("https://github.com/acme/analytics-dbt.git", "main", "transform"))
        .setTarget("prod")
        .setTimeoutSeconds(7200L)
        .setRequestedBy("scheduler-0")
        .setEnvironment(Map.of("DBT_THREADS", "8", "SNOWFLAKE_WAREHOUSE", "TRANSFORM_L",
            "SNOWFLAKE_ROLE", "TRANSFORMER", "DBT_TARGET_SCHEMA", "analytics"))
        .setSecretEnvironment(Map.of("SNOWFLAKE_PASSWORD", "snowflake-prod-password"))
        .setRuntimeVariableAliases(List.of("dbt_cloud"))
        .build();
  }

  /** The same run failed: its build had three failed nodes, and it left three artifacts. */
  static RunCompleted runCompleted() {
    return Events.aRunCompleted()
        .setRunId(RUN_ID)
        .setWorkspace("analytics")
        .setSchedule("nightly-marts")
        .setStatus(RunStatus.FAILED)
        .setFinishedAt(T0.plusSeconds(533))
        .setCommands(List.of(
            CommandResult.newBuilder().setArgs(List.of("source", "freshness")).setExitCode(0).setDurationMillis(14_210L)
                .setNodeStatuses(Map.of("pass", 23, "warn", 1)).setElapsedSeconds(13.8).build(),
            CommandResult.newBuilder().setArgs(List.of("build", "--select", "tag:nightly", "--exclude", "tag:slow"))
                .setExitCode(1).setDurationMillis(512_340L)
                .setNodeStatuses(Map.of("success", 412, "pass", 380, "error", 2, "fail", 1, "skipped", 17, "warn", 3))
                .setFailures(List.of(
                    failure("model.analytics.fct_orders", "error",
                        "Database Error in model fct_orders (models/marts/fct_orders.sql)\n  002003 (42S02): SQL compilation "
                            + "error:\n  Object 'RAW.SHOP.ORDERS_V2' does not exist or not authorized."),
                    failure("model.analytics.fct_revenue", "error",
                        "Database Error in model fct_revenue (models/marts/fct_revenue.sql)\n  000630 (57014): Statement "
                            + "reached its statement or warehouse timeout of 3600 second(s) and was canceled."),
                    failure("test.analytics.unique_dim_customers_customer_id.8c2d1f", "fail",
                        "Got 3 results, configured to fail if != 0")))
                .setElapsedSeconds(509.7).build()))
        .setArtifacts(List.of(
            artifact("manifest.json", 1_716_117L, "4f1c0e2b9a8d7c6b5a4f3e2d1c0b9a8f7e6d5c4b3a2f1e0d9c8b7a6f5e4d3c2b"),
            artifact("run_results.json", 97_332L, "0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9"),
            artifact("dbt.log", 245_911L, "9f8e7d6c5b4a39281706f5e4d3c2b1a09f8e7d6c5b4a39281706f5e4d3c2b1a0")))
        .setMessage("dbt build --select tag:nightly --exclude tag:slow exited 1: 3 nodes failed")
        .setWorker("runner-7f9c4d")
        .build();
  }

  private static NodeFailure failure(String uniqueId, String status, String message) {
    return NodeFailure.newBuilder().setUniqueId(uniqueId).setStatus(status).setMessage(message).build();
  }

  private static ArtifactRef artifact(String name, long sizeBytes, String sha256) {
    return new ArtifactRef(name, RUN_URI + name + ".gz", sizeBytes, "gzip", sha256);
  }
}
