package dev.ferry.scheduler.schedule;

import dev.ferry.schedules.Schedule;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The schedules the scheduler knows, by workspace and name. Immutable once loaded. */
public final class ScheduleCatalog {

  private final Map<String, Map<String, Schedule>> byWorkspace = new LinkedHashMap<>();

  public ScheduleCatalog(Collection<Schedule> schedules) {
    for (Schedule schedule : schedules) {
      byWorkspace.computeIfAbsent(schedule.workspace(), w -> new LinkedHashMap<>()).put(schedule.name(), schedule);
    }
  }

  public Optional<Schedule> find(String workspace, String name) {
    return Optional.ofNullable(byWorkspace.getOrDefault(workspace, Map.of()).get(name));
  }

  public List<Schedule> inWorkspace(String workspace) {
    return List.copyOf(byWorkspace.getOrDefault(workspace, Map.of()).values());
  }

  public List<Schedule> all() {
    return byWorkspace.values().stream().flatMap(m -> m.values().stream()).toList();
  }
}
