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

    /**
     * True for a handler that reports every state of its commands upstream itself, the final one
     * included, because it keeps them durable and changes that state in the same write as the
     * report; the uplink then must not report the result again. Such a handler never fails its future.
     */
    default boolean reportsItsResults() {
        return false;
    }
}
