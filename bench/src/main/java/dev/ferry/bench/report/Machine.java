package dev.ferry.bench.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The machine a benchmark ran on, as one line for the report: CPU, cores, memory, OS, JDK, load. */
public final class Machine {

  private Machine() {}

  public static String describe() {
    String cpu = procLine("/proc/cpuinfo", "model name").orElse(System.getProperty("os.arch"));
    long memKb = procLine("/proc/meminfo", "MemTotal").map(v -> Long.parseLong(v.replaceAll("\\D", ""))).orElse(0L);
    return String.format(Locale.ROOT, "%s, %d cores, %.0f GiB, %s %s, %s JDK %s", cpu,
        Runtime.getRuntime().availableProcessors(), memKb / 1024.0 / 1024.0, System.getProperty("os.name"),
        System.getProperty("os.version"), System.getProperty("java.vm.vendor"), Runtime.version());
  }

  /** The 1-minute load average, or -1 where the OS does not say. */
  public static double loadAverage() {
    return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
  }

  private static Optional<String> procLine(String file, String key) {
    try {
      return Files.readAllLines(Path.of(file)).stream().filter(l -> l.startsWith(key)).findFirst()
          .map(l -> l.substring(l.indexOf(':') + 1).trim());
    } catch (IOException | RuntimeException e) {
      return Optional.empty();
    }
  }
}
