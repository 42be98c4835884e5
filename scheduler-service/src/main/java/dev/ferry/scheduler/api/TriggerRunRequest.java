package dev.ferry.scheduler.api;

/**
 * Body of {@code POST .../runs}; every field is optional.
 *
 * @param trigger {@code manual} (a person, e.g. {@code ferry runs trigger}) or {@code api} (a system; the default)
 * @param requestedBy who asked, for the run history
 */
record TriggerRunRequest(String trigger, String requestedBy) {}
