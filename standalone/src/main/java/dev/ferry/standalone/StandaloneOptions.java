package dev.ferry.standalone;

import java.nio.file.Path;
import java.util.Map;

/**
 * Where the standalone system keeps its data and listens.
 *
 * @param dataDir Kafka log, S3 objects, run workspaces and the example warehouse live under it
 * @param schedulesFile the {@code ferry_schedules.yml} the scheduler loads
 * @param dbt the dbt executable the runner starts
 * @param runnerEnvironment extra environment of every dbt run
 */
public record StandaloneOptions(
    Path dataDir,
    Path schedulesFile,
    String dbt,
    Ports ports,
    Map<String, String> runnerEnvironment,
    boolean keepWorkspaces) {

  public StandaloneOptions {
    runnerEnvironment = Map.copyOf(runnerEnvironment);
  }

  /** The fixed, documented ports of {@code ./ferry up}. */
  public record Ports(int kafka, int kafkaController, int s3, int scheduler, int runner, int manifest) {

    public static final Ports DEFAULT = new Ports(7092, 7093, 7090, 7071, 7072, 7073);
  }

  public static final String BUCKET = "ferry-artifacts";
  /** Local-only credentials of the in-process S3 store; it listens on 127.0.0.1 alone. */
  public static final String S3_ACCESS_KEY = "ferry";
  public static final String S3_SECRET_KEY = "ferry-standalone";
}
