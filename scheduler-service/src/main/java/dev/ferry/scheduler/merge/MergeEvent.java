package dev.ferry.scheduler.merge;

/**
 * A commit that landed on a branch: a push to it, or a pull or merge request merged into it.
 *
 * @param branch the branch, without {@code refs/heads/}
 * @param commit the full SHA of the commit the runs check out
 * @param description what happened, for the runs' {@code requestedBy}: {@code github push 3f2a9c1e…}
 */
public record MergeEvent(String branch, String commit, String description) {}
