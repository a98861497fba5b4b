package io.gmeye.agent.uplink;

import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import java.util.concurrent.CompletableFuture;

/**
 * Executes one kind of command from the hub (snapshot, live.start, device.command...). The
 * result goes back to the hub as a command.result; a failed result carries a reason.
 */
public interface CommandHandler {
    CompletableFuture<CommandResult> handle(Command command);
}
