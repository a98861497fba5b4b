package io.gmeye.hub.command;

import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.inspection.Snapshot;

/**
 * What an agent answered: a command result, or for a snapshot on call the picture itself
 * ({@code jpeg} and its {@code snapshot} description; {@code result} is then null).
 */
public record CommandReply(CommandResult result, Snapshot snapshot, byte[] jpeg) {

    /**
     * A result that did not succeed as the error an API caller gets, with the command's id, state
     * and the agent's reason: timed out or expired 504, an unknown target (error unknown_camera,
     * unknown_device) 404, a request the agent could not act on (bad_request) 400, else 503.
     */
    public GmeyeException refusal() {
        CommandResult r = result;
        Object error = r.result().get("error");
        ErrorKind kind = r.status() == CommandStatus.TIMED_OUT || r.status() == CommandStatus.EXPIRED ? ErrorKind.TIMEOUT
                : "unknown_camera".equals(error) || "unknown_device".equals(error) ? ErrorKind.NOT_FOUND
                : "bad_request".equals(error) ? ErrorKind.BAD_REQUEST : ErrorKind.UNAVAILABLE;
        return new GmeyeException(kind, "command " + r.commandId() + " " + r.status().wire() + ": " + r.message());
    }
}
