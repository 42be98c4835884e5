package dev.ferry.cli.schedules;

import picocli.CommandLine.Command;

/** {@code ferry schedules list}: what {@code ferry schedules} prints, by name. */
@Command(name = "list", description = "List the schedules of the workspace, when each fires next, and which are suspended.")
final class ListSchedulesCommand extends SchedulesListing {}
