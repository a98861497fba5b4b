package io.gmeye.agent.devices.command;

import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandStatus;

/**
 * A device command not yet ended, as the agent keeps it across a restart (JSON in the outbox's state).
 *
 * @param deadline agent time until which a queued command may still be sent
 * @param since    agent time the command entered {@code status}; a sent one waits for its result from then
 */
record KeptCommand(Command command, String device, CommandStatus status, long deadline, long since) {
    static final String PREFIX = "device.command/";

    static String key(String commandId) {
        return PREFIX + commandId;
    }
}
