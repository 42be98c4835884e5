package dev.ferry.scheduler;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Configuration of the scheduler service.
 *
 * @param schedulesFile the {@code ferry_schedules.yml} to load, or a folder whose {@code *.yml} and {@code *.yaml}
 *     files hold the schedules
 * @param workspace the workspace its schedules belong to
 * @param publishTimeout how long a trigger waits for Kafka to acknowledge its RunRequested
 * @param reloadInterval how often the schedules are read again and changes applied; 0 reads them once
 * @param misfireThreshold how late a cron tick may be fired and still count as on time; older ticks were missed
 *     (downtime, a long rebalance) and follow the schedule's {@code catch_up} policy
 * @param lostAfter how long a running run may go without a heartbeat before it is marked LOST
 * @param secrets values that schedules name as {@code {secret: NAME}} (notification webhook URLs), by name;
 *     never logged
 */
@Validated
@ConfigurationProperties("ferry.scheduler")
public record SchedulerProperties(
    @DefaultValue("ferry_schedules.yml") @NotNull Path schedulesFile,
    @DefaultValue("default") @NotBlank String workspace,
    @DefaultValue("10s") @NotNull Duration publishTimeout,
    @DefaultValue("30s") @NotNull Duration reloadInterval,
    @DefaultValue("1m") @NotNull Duration misfireThreshold,
    @DefaultValue("2m") @NotNull Duration lostAfter,
    Map<String, String> secrets) {

  public SchedulerProperties {
    if (reloadInterval != null && reloadInterval.isNegative()) {
      throw new IllegalArgumentException("ferry.scheduler.reload-interval must not be negative");
    }
    if (misfireThreshold != null && misfireThreshold.isNegative()) {
      throw new IllegalArgumentException("ferry.scheduler.misfire-threshold must not be negative");
    }
    if (lostAfter != null && (lostAfter.isNegative() || lostAfter.isZero())) {
      throw new IllegalArgumentException("ferry.scheduler.lost-after must be positive");
    }
    secrets = secrets == null ? Map.of() : Map.copyOf(secrets);
  }

  /** Secrets stay out of logs and actuator output. */
  @Override
  public String toString() {
    return "SchedulerProperties[schedulesFile=" + schedulesFile + ", workspace=" + workspace + ", publishTimeout="
        + publishTimeout + ", reloadInterval=" + reloadInterval + ", misfireThreshold=" + misfireThreshold
        + ", lostAfter=" + lostAfter + ", secrets=" + secrets.keySet() + "]";
  }
}
