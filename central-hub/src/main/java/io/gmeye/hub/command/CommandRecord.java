package io.gmeye.hub.command;

import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandStatus;

/** A command as the hub keeps it: what was asked, where, and how far it got. */
public record CommandRecord(String site, Command command, CommandStatus status, String message, long createdAt, long updatedAt) {
    CommandRecord with(CommandStatus s, String msg, long at) {
        return new CommandRecord(site, command, s, msg, createdAt, at);
    }
}
