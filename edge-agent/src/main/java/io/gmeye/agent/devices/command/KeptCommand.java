package io.gmeye.agent.devices.command;

import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandStatus;

/**
 * A device command as the agent keeps it across a restart (JSON in the outbox's state): one not
 * yet ended, or, with a final {@code status}, the marker an ended one leaves so that it is never
 * executed twice.
 *
 * @param deadline agent time until which a queued command may still be sent
 * @param since    agent time the command entered {@code status}; a sent one waits for its result from then
 * @param message  the reason of a final status, reported again if the hub sends the command again
 */
record KeptCommand(Command command, String device, CommandStatus status, long deadline, long since, String message) {
    static final String PREFIX = "device.command/";

    static String key(String commandId) {
        return PREFIX + commandId;
    }
}
