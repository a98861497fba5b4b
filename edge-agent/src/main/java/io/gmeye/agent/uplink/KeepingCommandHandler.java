package io.gmeye.agent.uplink;

import io.gmeye.protocols.command.Command;
import java.util.concurrent.CompletableFuture;

/**
 * A handler that keeps its commands durable at the agent and reports every state upstream
 * itself, the final one included, in the same write that changes its kept state (device
 * commands that wait for a device). The uplink acknowledges the hub's message only once
 * {@link #take} completes, and does not report the result again.
 */
public interface KeepingCommandHandler extends CommandHandler {
    /**
     * Takes a command from the hub: completes once it is durable, or once its refusal is
     * reported. Never fails.
     */
    CompletableFuture<Void> take(Command command);
}
