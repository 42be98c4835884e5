package dev.ferry.events;

/**
 * The record key of everything about one schedule: {@code workspace/schedule}. Records with the
 * same key land on the same partition, so their order holds.
 */
public record ScheduleKey(String workspace, String schedule) {

  public ScheduleKey {
    SafeNames.requireName("workspace", workspace);
    SafeNames.requireName("schedule", schedule);
  }

  /** Parses {@code workspace/schedule}. */
  public static ScheduleKey parse(String key) {
    int slash = key == null ? -1 : key.indexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException("key '" + key + "' is not workspace/schedule");
    }
    return new ScheduleKey(key.substring(0, slash), key.substring(slash + 1));
  }

  @Override
  public String toString() {
    return workspace + "/" + schedule;
  }
}
