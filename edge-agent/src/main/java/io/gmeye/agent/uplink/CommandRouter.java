package io.gmeye.agent.uplink;

import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/** Hands each command from the hub to the feature that registered its name; refuses the rest with a reason. */
public final class CommandRouter {
    private final Map<String, CommandHandler> handlers = new ConcurrentHashMap<>();
    private final Clock clock;

    public CommandRouter(Clock clock) {
        this.clock = clock;
    }

    public void register(String name, CommandHandler handler) {
        if (handlers.putIfAbsent(name, handler) != null) {
            throw new IllegalStateException("a handler for command '" + name + "' is already registered");
        }
    }

    /**
     * Runs a command from the hub; its result goes to {@code report} unless its handler keeps and
     * reports its commands itself. Completes once the command is taken: at once, or for a
     * keeping handler once the command is durable (then the hub's message may be acknowledged).
     */
    public CompletableFuture<Void> run(Command c, Consumer<CommandResult> report) {
        if (!(handlers.get(c.name()) instanceof KeepingCommandHandler h)) {
            dispatch(c).thenAccept(report);
            return CompletableFuture.completedFuture(null);
        }
        try {
            return h.take(c); // judges the deadline itself, and reports every state with its kept state
        } catch (RuntimeException e) {
            report.accept(new CommandResult(c.commandId(), CommandStatus.FAILED, e.getMessage(), Map.of()));
            return CompletableFuture.completedFuture(null);
        }
    }

    public CompletableFuture<CommandResult> dispatch(Command c) {
        if (c.expiresAt() > 0 && clock.millis() > c.expiresAt()) {
            return CompletableFuture.completedFuture(new CommandResult(c.commandId(), CommandStatus.EXPIRED,
                    "expired before the agent received it", Map.of()));
        }
        CommandHandler h = handlers.get(c.name());
        if (h == null) {
            return CompletableFuture.completedFuture(new CommandResult(c.commandId(), CommandStatus.FAILED,
                    "this agent has no handler for command '" + c.name() + "' (known: " + String.join(", ", handlers.keySet()) + ")", Map.of()));
        }
        try {
            return h.handle(c).exceptionally(e -> new CommandResult(c.commandId(), CommandStatus.FAILED,
                    e.getCause() != null ? e.getCause().getMessage() : e.getMessage(), Map.of()));
        } catch (RuntimeException e) {
            return CompletableFuture.completedFuture(new CommandResult(c.commandId(), CommandStatus.FAILED, e.getMessage(), Map.of()));
        }
    }
}
