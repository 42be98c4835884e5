package dev.ferry.schedules;

import dev.ferry.events.SafeNames;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code ferry_schedules.yml}, or every schedules file of a folder, strictly: unknown keys,
 * missing keys, bad cron, unknown time zones, bad durations and enum values, unsafe names,
 * duplicate names across files, references to unknown schedules and trigger cycles are all
 * reported at once, each as {@code file:line:column: field: message}, before anything is scheduled.
 * docs/schedules.md is the reference of the file.
 */
public final class SchedulesReader {

  private final String workspace;

  public SchedulesReader(String workspace) {
    this.workspace = SafeNames.requireName("workspace", workspace);
  }

  /** The schedules of a file or folder; throws {@link InvalidSchedulesException} listing every problem. */
  public ScheduleSet read(Path fileOrFolder) {
    List<ScheduleProblem> problems = new ArrayList<>();
    List<Path> files = ScheduleFiles.of(fileOrFolder);
    if (files.isEmpty()) {
      problems.add(new ScheduleProblem(fileOrFolder, 0, 0, "", Files.isDirectory(fileOrFolder)
          ? "folder has no *.yml or *.yaml schedule files" : "file not found"));
    }
    List<FileReading.Entry> entries = new ArrayList<>();
    for (Path file : files) {
      FileReading reading = new FileReading(workspace, file);
      entries.addAll(reading.read());
      problems.addAll(reading.problems());
    }
    Map<String, FileReading.Entry> byName = unique(entries, problems);
    checkReferences(entries, byName, problems);
    checkCycles(entries, byName, problems);
    if (!problems.isEmpty()) {
      problems.sort(Comparator.comparing((ScheduleProblem p) -> p.file().toString())
          .thenComparingInt(ScheduleProblem::line).thenComparingInt(ScheduleProblem::column));
      throw new InvalidSchedulesException(problems);
    }
    return new ScheduleSet(entries.stream().map(FileReading.Entry::schedule).toList(), files);
  }

  /** The entries by name; a name given twice, in one file or across files, is a problem naming both places. */
  private static Map<String, FileReading.Entry> unique(List<FileReading.Entry> entries, List<ScheduleProblem> problems) {
    Map<String, FileReading.Entry> byName = new LinkedHashMap<>();
    for (FileReading.Entry entry : entries) {
      if (entry.name() == null) {
        continue;
      }
      FileReading.Entry first = byName.putIfAbsent(entry.name(), entry);
      if (first != null) {
        String where = first.nameAt().file().equals(entry.nameAt().file())
            ? "line " + first.nameAt().line() : first.nameAt().file() + ":" + first.nameAt().line();
        problems.add(entry.nameAt().problem("duplicate schedule name '" + entry.name() + "' (first defined at " + where + ")"));
      }
    }
    return byName;
  }

  private static void checkReferences(List<FileReading.Entry> entries, Map<String, FileReading.Entry> byName,
      List<ScheduleProblem> problems) {
    for (FileReading.Entry entry : entries) {
      if (entry.triggeredBy() != null && !byName.containsKey(entry.triggeredBy())) {
        problems.add(entry.triggeredByAt().problem(unknown(entry.triggeredBy(), byName)));
      }
      if (entry.deferTo() != null && !byName.containsKey(entry.deferTo())) {
        problems.add(entry.deferToAt().problem(unknown(entry.deferTo(), byName)));
      }
    }
  }

  private static String unknown(String name, Map<String, FileReading.Entry> byName) {
    return "no schedule named '" + name + "'"
        + ClosestName.to(name, byName.keySet()).map(n -> "; did you mean '" + n + "'?").orElse("");
  }

  /**
   * Each schedule has at most one trigger_on_completion, so the triggers form chains; a chain that
   * comes back to a schedule on it would fire forever. Each cycle is reported once, at the
   * trigger of its member defined first.
   */
  private static void checkCycles(List<FileReading.Entry> entries, Map<String, FileReading.Entry> byName,
      List<ScheduleProblem> problems) {
    Map<String, Integer> state = new HashMap<>(); // 1 on the current path, 2 done
    for (FileReading.Entry start : byName.values()) {
      List<String> path = new ArrayList<>();
      String current = start.name();
      while (current != null && !state.containsKey(current)) {
        state.put(current, 1);
        path.add(current);
        FileReading.Entry entry = byName.get(current);
        current = entry == null ? null : entry.triggeredBy();
      }
      if (current != null && state.get(current) == 1) {
        List<String> cycle = new ArrayList<>(path.subList(path.indexOf(current), path.size()));
        FileReading.Entry reported = cycle.stream().map(byName::get)
            .min(Comparator.comparingInt(entries::indexOf)).orElseThrow();
        int at = cycle.indexOf(reported.name());
        List<String> loop = new ArrayList<>(cycle.subList(at, cycle.size()));
        loop.addAll(cycle.subList(0, at));
        loop.add(reported.name());
        problems.add(reported.triggeredByAt().problem("trigger_on_completion forms a cycle: "
            + String.join(" runs after ", loop) + "; such schedules would trigger each other forever"));
      }
      path.forEach(name -> state.put(name, 2));
    }
  }
}
