package dev.ferry.cli.schedules;

import picocli.CommandLine.Command;

/** {@code ferry schedules}: lists the schedules as {@code ferry schedules list} does; and the subcommands. */
@Command(name = "schedules", description = "List the schedules of the workspace and when each fires next.",
    subcommands = {ListSchedulesCommand.class, SuspendScheduleCommand.class, ResumeScheduleCommand.class,
        ValidateSchedulesCommand.class})
public final class SchedulesCommand extends SchedulesListing {}
