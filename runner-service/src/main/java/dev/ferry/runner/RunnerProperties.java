package dev.ferry.runner;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of a runner.
 *
 * @param slots runs this runner executes at once; when all are busy it stops taking records
 * @param groupId Kafka consumer group of all runners
 * @param workDir where runs check their project out; each run gets a folder, removed afterwards
 * @param dbtExecutable the dbt to run: a path, or a name looked up on PATH
 * @param gitExecutable the git to run
 * @param environment extra environment variables of every dbt process (never logged)
 * @param secretEnvironment like {@code environment}, and their values are masked in every log line
 *     the run writes (ferry.log, dbt.log) and in the events it publishes
 * @param defaultTimeout limit of a run whose request names none
 * @param heartbeatInterval how often a live run says so on {@code ferry.run.events}
 * @param stopGracePeriod how long dbt gets to stop after SIGTERM before it is killed
 * @param uploadRetryFor how long a run keeps trying to store its artifacts while S3 is away; past
 *     it the run ends FAILED and its files stay in its workspace
 * @param multipartThreshold artifacts larger than this, as stored, go to S3 in a multipart upload
 * @param multipartPartSize size of each part of a multipart upload but the last (S3's minimum is 5 MB)
 * @param keptRetryInterval how often the runner tries again to store the artifacts of runs that kept
 *     them because the artifact store stayed away past {@code uploadRetryFor} (also at start-up)
 * @param drainTimeout on shutdown, how long runs in flight may go on to finish before they are
 *     stopped and handed back for another runner
 * @param schedulesFile the scheduler's schedules file or folder; when set, a request for a schedule not
 *     in it is dead-lettered as an unknown schedule; when not, every request runs
 * @param schedulesWorkspace the workspace the schedules file belongs to
 * @param workerId this runner's name in events; defaults to the host name
 * @param keepWorkspaces keep each run's checkout after it ends, for debugging
 * @param manifestUrl the manifest service, for schedules with {@code defer_to}; none means such runs fail saying so
 * @param manifestToken bearer token for the manifest service when it requires one
 * @param dbtCloudAccountId {@code DBT_CLOUD_ACCOUNT_ID} of runs whose schedule asks for the dbt_cloud aliases
 * @param dbtCloudProjectId {@code DBT_CLOUD_PROJECT_ID} of those runs
 * @param dbtCloudEnvironmentId {@code DBT_CLOUD_ENVIRONMENT_ID} of those runs
 */
@Validated
@ConfigurationProperties("ferry.runner")
public record RunnerProperties(
    @DefaultValue("2") @Min(1) @Max(64) int slots,
    @DefaultValue("ferry-runner") @NotBlank String groupId,
    Path workDir,
    @DefaultValue("dbt") @NotBlank String dbtExecutable,
    @DefaultValue("git") @NotBlank String gitExecutable,
    Map<String, String> environment,
    Map<String, String> secretEnvironment,
    @DefaultValue("2h") @NotNull Duration defaultTimeout,
    @DefaultValue("10s") @NotNull Duration heartbeatInterval,
    @DefaultValue("30s") @NotNull Duration stopGracePeriod,
    @DefaultValue("10m") @NotNull Duration drainTimeout,
    @DefaultValue("15m") @NotNull Duration uploadRetryFor,
    @DefaultValue("5m") @NotNull Duration keptRetryInterval,
    @DefaultValue("16MB") @NotNull DataSize multipartThreshold,
    @DefaultValue("16MB") @NotNull DataSize multipartPartSize,
    Path schedulesFile,
    @DefaultValue("default") @NotBlank String schedulesWorkspace,
    String workerId,
    @DefaultValue("false") boolean keepWorkspaces,
    java.net.URI manifestUrl,
    String manifestToken,
    String dbtCloudAccountId,
    String dbtCloudProjectId,
    String dbtCloudEnvironmentId) {

  /** S3 refuses parts under 5 MiB, but for the last one. */
  public static final DataSize MIN_PART_SIZE = DataSize.ofMegabytes(5);
  /** Each part is read into memory before it goes. */
  public static final DataSize MAX_PART_SIZE = DataSize.ofGigabytes(1);

  public RunnerProperties {
    if (multipartPartSize != null
        && (multipartPartSize.compareTo(MIN_PART_SIZE) < 0 || multipartPartSize.compareTo(MAX_PART_SIZE) > 0)) {
      throw new IllegalArgumentException("ferry.runner.multipart-part-size must be from 5MB (S3's minimum) to 1GB, not "
          + multipartPartSize);
    }
    workDir = workDir != null ? workDir : Path.of(System.getProperty("java.io.tmpdir"), "ferry-runner");
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    secretEnvironment = secretEnvironment == null ? Map.of() : Map.copyOf(secretEnvironment);
    workerId = workerId != null && !workerId.isBlank() ? workerId : hostName();
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "runner";
    }
  }

  /** The environment values are secrets as often as not: keep them out of logs. */
  @Override
  public String toString() {
    return "RunnerProperties[slots=" + slots + ", groupId=" + groupId + ", workDir=" + workDir + ", dbtExecutable="
        + dbtExecutable + ", environment=" + environment.keySet() + ", secretEnvironment=" + secretEnvironment.keySet()
        + ", defaultTimeout=" + defaultTimeout
        + ", workerId=" + workerId + ", manifestUrl=" + manifestUrl + "]";
  }
}
