package dev.ferry.cli.runs;

import picocli.CommandLine.Command;

/** {@code ferry runs ...}: trigger, follow and inspect production runs. */
@Command(name = "runs", description = "Trigger and inspect production runs.",
    subcommands = {TriggerRunCommand.class, ShowRunCommand.class, ListRunsCommand.class, CancelRunCommand.class, RunLogsCommand.class})
public final class RunsCommand {}
