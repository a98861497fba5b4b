package io.gmeye.agent.uplink;

import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import java.util.Map;

/** Results of commands from the hub; a failure carries a reason for people and an error code for the hub. */
public final class CommandReplies {
    private CommandReplies() {
    }

    public static CommandResult failed(Command c, String error, String reason) {
        return new CommandResult(c.commandId(), CommandStatus.FAILED, reason, Map.of("error", error));
    }

    public static CommandResult succeeded(Command c, Map<String, Object> result) {
        return new CommandResult(c.commandId(), CommandStatus.SUCCEEDED, null, result);
    }

    /** A command whose deadline passed before it ran must not run (the caller gave up). */
    public static boolean expired(Command c, long now) {
        return c.expiresAt() > 0 && now > c.expiresAt();
    }

    public static CommandResult expiredResult(Command c) {
        return new CommandResult(c.commandId(), CommandStatus.EXPIRED, "expired before the agent could run it", Map.of("error", "expired"));
    }
}
