package io.gmeye.agent.devices.command;

import io.gmeye.agent.devices.DeviceLinks;
import io.gmeye.agent.devices.ingest.DeviceEventIn;
import io.gmeye.agent.devices.ingest.DeviceIngest;
import io.gmeye.agent.devices.registry.DeviceRegistry;
import io.gmeye.agent.outbox.Outbox;
import io.gmeye.agent.uplink.CommandHandler;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.device.DeviceCommandMessage;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Commands from the hub to field devices ({@code device.command}), carried like a persistent
 * RPC: queued while the device is not reachable, sent when it subscribes or observes, delivered
 * when it acknowledges receipt, then succeeded or failed by the device's own cmd.result event;
 * timed out when no result comes in time, expired when it could not be sent before its
 * deadline. Every state on the way is reported upstream as a command.result through the
 * outbox; the terminal one completes the handler's future, which the uplink reports.
 *
 * <p>Params: {@code command} (one of the device type's commands) and optional {@code args}.
 */
public final class DeviceCommands implements CommandHandler {
    public static final String NAME = "device.command";

    private final class InFlight {
        final Command command;
        final DeviceRegistry.Known device;
        final CompletableFuture<CommandResult> result = new CompletableFuture<>();
        CommandStatus status = CommandStatus.QUEUED;
        long timer = -1;

        InFlight(Command command, DeviceRegistry.Known device) {
            this.command = command;
            this.device = device;
        }
    }

    private final String site;
    private final Vertx vertx;
    private final DeviceRegistry registry;
    private final DeviceLinks links;
    private final Outbox outbox;
    private final Clock clock;
    private final Metrics metrics;
    private final Duration resultTimeout;
    private final Duration defaultQueueTime;
    private final Map<String, ArrayDeque<InFlight>> queued = new ConcurrentHashMap<>();
    private final Map<String, InFlight> byId = new ConcurrentHashMap<>();

    public DeviceCommands(String site, Vertx vertx, DeviceRegistry registry, DeviceLinks links, DeviceIngest ingest, Outbox outbox,
                          Clock clock, Metrics metrics, Duration resultTimeout) {
        this.site = site;
        this.vertx = vertx;
        this.registry = registry;
        this.links = links;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
        this.resultTimeout = resultTimeout;
        this.defaultQueueTime = Duration.ofMinutes(10);
        links.onReachable(this::flush);
        ingest.handleEvents(io.gmeye.protocols.device.DeviceWire.COMMAND_RESULT, this::resultFromDevice);
    }

    @Override
    public CompletableFuture<CommandResult> handle(Command command) {
        DeviceRegistry.Known device = registry.find(command.target()).orElse(null);
        Object name = command.params().get("command");
        if (device == null) {
            return done(command, CommandStatus.FAILED, command.target() + " is not a device of this site");
        }
        if (!(name instanceof String n) || !device.type().commands().contains(n)) {
            return done(command, CommandStatus.FAILED, "params.command: '" + name + "' is not a command of type " + device.type().type()
                    + " (it has " + String.join(", ", device.type().commands()) + ")");
        }
        long now = clock.millis();
        if (command.expiresAt() > 0 && now >= command.expiresAt()) {
            return done(command, CommandStatus.EXPIRED, "arrived after its deadline");
        }
        InFlight f = new InFlight(command, device);
        if (byId.putIfAbsent(command.commandId(), f) != null) {
            return byId.get(command.commandId()).result; // the hub re-sent it: same outcome, not a second execution
        }
        long queueFor = command.expiresAt() > 0 ? command.expiresAt() - now : defaultQueueTime.toMillis();
        synchronized (f) {
            f.timer = vertx.setTimer(Math.max(1, queueFor), t -> expire(f));
        }
        queued.computeIfAbsent(device.id(), d -> new ArrayDeque<>());
        synchronized (queued.get(device.id())) {
            queued.get(device.id()).add(f);
        }
        report(f, CommandStatus.QUEUED, links.reachable(device.id()) ? null : device.id() + " is not connected; waiting for it");
        flush(device.id());
        return f.result;
    }

    /** Sends what waits for a device that can now be reached. */
    private void flush(String deviceId) {
        ArrayDeque<InFlight> q = queued.get(deviceId);
        if (q == null) {
            return;
        }
        while (links.reachable(deviceId)) {
            InFlight f;
            synchronized (q) {
                f = q.poll();
            }
            if (f == null) {
                return;
            }
            send(f);
        }
    }

    private void send(InFlight f) {
        synchronized (f) {
            if (f.status.terminal()) {
                return;
            }
            f.status = CommandStatus.SENT;
        }
        Object args = f.command.params().get("args");
        @SuppressWarnings("unchecked")
        Map<String, Object> params = args instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        byte[] payload = DeviceIngest.encode(new DeviceCommandMessage(f.command.commandId(), (String) f.command.params().get("command"),
                params, f.command.expiresAt()));
        report(f, CommandStatus.SENT, null);
        links.send(f.device.id(), payload).whenComplete((v, err) -> {
            if (err != null) {
                // lost on the way (the device went away): back in the queue for its next connection
                synchronized (f) {
                    if (f.status.terminal()) {
                        return;
                    }
                    f.status = CommandStatus.QUEUED;
                }
                synchronized (queued.get(f.device.id())) {
                    queued.get(f.device.id()).addFirst(f);
                }
                report(f, CommandStatus.QUEUED, GmeyeException.of(err).reason());
                return;
            }
            synchronized (f) {
                if (f.status.terminal()) {
                    return;
                }
                f.status = CommandStatus.DELIVERED;
                vertx.cancelTimer(f.timer);
                f.timer = vertx.setTimer(resultTimeout.toMillis(), t -> finish(f, CommandStatus.TIMED_OUT,
                        "no result from " + f.device.id() + " within " + resultTimeout.toSeconds() + " s", Map.of()));
            }
            report(f, CommandStatus.DELIVERED, null);
        });
    }

    private CompletableFuture<Void> resultFromDevice(DeviceRegistry.Known device, DeviceEventIn event, long receivedAt) {
        String id = event.text("commandId");
        InFlight f = id == null ? null : byId.get(id);
        if (f == null || !f.device.id().equals(device.id())) {
            return CompletableFuture.failedFuture(GmeyeException.badRequest("commandId: '" + id + "' is not a command waiting for " + device.id()));
        }
        String status = event.text("status");
        CommandStatus s;
        if ("succeeded".equals(status)) {
            s = CommandStatus.SUCCEEDED;
        } else if ("failed".equals(status)) {
            s = CommandStatus.FAILED;
        } else {
            return CompletableFuture.failedFuture(GmeyeException.badRequest("status: '" + status + "' is not succeeded or failed"));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> result = event.data().get("result") instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        finish(f, s, event.text("message"), result);
        return CompletableFuture.completedFuture(null);
    }

    private void expire(InFlight f) {
        synchronized (f) {
            if (f.status != CommandStatus.QUEUED) {
                return;
            }
        }
        ArrayDeque<InFlight> q = queued.get(f.device.id());
        synchronized (q) {
            q.remove(f);
        }
        finish(f, CommandStatus.EXPIRED, f.device.id() + " could not be reached before the command's deadline", Map.of());
    }

    private void finish(InFlight f, CommandStatus status, String message, Map<String, Object> result) {
        synchronized (f) {
            if (f.status.terminal()) {
                return;
            }
            f.status = status;
            vertx.cancelTimer(f.timer);
        }
        byId.remove(f.command.commandId());
        metrics.count("gmeye.devices.commands", "status", status.wire());
        f.result.complete(new CommandResult(f.command.commandId(), status, message, result));
    }

    private void report(InFlight f, CommandStatus status, String message) {
        metrics.count("gmeye.devices.commands", "status", status.wire());
        outbox.append(Envelope.create(site, "agent", clock.millis(),
                new CommandResult(f.command.commandId(), status, message, Map.of("device", f.device.id()))));
    }

    private CompletableFuture<CommandResult> done(Command c, CommandStatus status, String message) {
        metrics.count("gmeye.devices.commands", "status", status.wire());
        return CompletableFuture.completedFuture(new CommandResult(c.commandId(), status, message, Map.of()));
    }
}
