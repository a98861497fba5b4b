package io.gmeye.protocols.command;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;
import java.util.Map;

/** What became of a command at the agent; {@code message} is the reason when it failed. */
public record CommandResult(String commandId, CommandStatus status, String message, Map<String, Object> result) implements Body {
    public CommandResult {
        Require.text(commandId, "commandId");
        Require.present(status, "status");
        result = result == null ? Map.of() : Map.copyOf(result);
    }
}
