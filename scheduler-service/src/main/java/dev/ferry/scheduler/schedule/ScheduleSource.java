package dev.ferry.scheduler.schedule;

import java.util.function.Consumer;

/** Where the scheduler gets its schedules: the set in force now, and word when it changes. */
public interface ScheduleSource {

  /** The schedules in force now. */
  ScheduleCatalog current();

  /** Calls {@code listener} with each new set of schedules after it is in force, on the thread that loaded it. */
  void onChange(Consumer<ScheduleCatalog> listener);
}
