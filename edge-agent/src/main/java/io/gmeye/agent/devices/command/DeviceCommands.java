package io.gmeye.agent.devices.command;

import io.gmeye.agent.devices.DeviceLinks;
import io.gmeye.agent.devices.ingest.DeviceEventIn;
import io.gmeye.agent.devices.ingest.DeviceIngest;
import io.gmeye.agent.devices.registry.DeviceRegistry;
import io.gmeye.agent.outbox.Outbox;
import io.gmeye.agent.outbox.StateChange;
import io.gmeye.agent.uplink.KeepingCommandHandler;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.device.CommandSpec;
import io.gmeye.protocols.device.DeviceCommandMessage;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.fields.Fields;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands from the hub to field devices ({@code device.command}), carried like a persistent
 * RPC: queued while the device is not reachable, sent when it subscribes or observes, delivered
 * when it acknowledges receipt, then succeeded or failed by the device's own cmd.result event;
 * timed out when no result comes in time, expired when it could not be sent before its
 * deadline. Every state, the final one included, goes upstream as a command.result through the
 * outbox, in the same synced write that keeps the command in the agent's durable state (a
 * final state removes it). A command is accepted only once it is durable; after a restart
 * {@link #resume()} takes the kept ones up again: queued ones wait for their device until
 * their original deadline, sent ones wait out their result time (they are not sent twice).
 * Commands from the hub wait until that is done, and an ended command leaves a marker for a day
 * past its deadline: a hub that sends it again (it never heard the agent take it) gets its end
 * reported again, never a second execution.
 *
 * <p>Params: {@code command} (one of the device type's commands, not one only the agent sends)
 * and {@code args}, checked against the command's declared arguments as the hub checked them;
 * the device gets the checked values.
 */
public final class DeviceCommands implements KeepingCommandHandler {
    public static final String NAME = "device.command";
    private static final Logger LOG = LoggerFactory.getLogger(DeviceCommands.class);
    /** How long past its deadline (hub time) an ended command's marker stays: longer than any clock skew or re-send. */
    static final long MARKER_RETENTION_MS = Duration.ofDays(1).toMillis();
    private static final int FORGET_PER_WRITE = 64;

    private final class InFlight {
        final Command command;
        final DeviceRegistry.Known device;
        final long deadline;
        final CompletableFuture<CommandResult> result = new CompletableFuture<>();
        final CompletableFuture<Void> taken = new CompletableFuture<>();
        CommandStatus status; // guarded by this; null until the command is durable
        long since;
        long timer = -1;

        InFlight(Command command, DeviceRegistry.Known device, long deadline) {
            this.command = command;
            this.device = device;
            this.deadline = deadline;
        }

        boolean ended() {
            return status != null && status.terminal();
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
    /** Ended commands' markers (kept state with a final status) by command id. */
    private final Map<String, KeptCommand> ended = new ConcurrentHashMap<>();
    /** Completes once the commands kept by a previous run are taken up: the hub's commands wait for it. */
    private final CompletableFuture<Void> resumed = new CompletableFuture<>();

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

    /** The final result, once durable. Never fails: a command that cannot be taken ends FAILED with the reason, reported upstream. */
    @Override
    public CompletableFuture<CommandResult> handle(Command command) {
        return resumed.thenCompose(v -> accept(command).result);
    }

    /** Completes once the command is durable (queued), or its refusal reported: then the hub's message may be acknowledged. */
    @Override
    public CompletableFuture<Void> take(Command command) {
        return resumed.thenCompose(v -> accept(command).taken);
    }

    private InFlight accept(Command command) {
        KeptCommand done = ended.get(command.commandId());
        if (done != null) {
            return again(done);
        }
        InFlight earlier = byId.get(command.commandId());
        if (earlier != null) {
            return earlier; // the hub re-sent it: same outcome, not a second execution
        }
        DeviceRegistry.Known device = registry.find(command.target()).orElse(null);
        if (device == null) {
            return refused(command, null, CommandStatus.FAILED, command.target() + " is not a device of this site");
        }
        Object name = command.params().get("command");
        CommandSpec spec = name instanceof String n ? device.type().command(n).orElse(null) : null;
        if (spec == null) {
            return refused(command, device, CommandStatus.FAILED, "params.command: '" + name + "' is not a command of type "
                    + device.type().type() + " (it has " + String.join(", ", device.type().commandNames()) + ")");
        }
        if (spec.agentOnly()) {
            return refused(command, device, CommandStatus.FAILED, "params.command: " + name + " is sent by the agent itself (a checkpoint's "
                    + "decision), not by the hub");
        }
        Fields.Checked args = checkArgs(device, (String) name, command.params().get("args"));
        if (!args.ok()) {
            return refused(command, device, CommandStatus.FAILED, String.join("; ", args.problems()));
        }
        long now = clock.millis();
        if (command.expiresAt() > 0 && now >= command.expiresAt()) {
            return refused(command, device, CommandStatus.EXPIRED, "arrived after its deadline");
        }
        Map<String, Object> params = new LinkedHashMap<>(command.params());
        params.put("args", args.values()); // what the device gets: the checked values
        Command checked = new Command(command.commandId(), command.name(), command.target(), params, command.expiresAt());
        InFlight f = new InFlight(checked, device, command.expiresAt() > 0 ? command.expiresAt() : now + defaultQueueTime.toMillis());
        earlier = byId.putIfAbsent(command.commandId(), f);
        if (earlier != null) {
            return earlier;
        }
        move(f, null, CommandStatus.QUEUED, links.reachable(device.id()) ? null : device.id() + " is not connected; waiting for it", Map.of())
                .whenComplete((seq, err) -> {
                    if (err != null) {
                        byId.remove(command.commandId());
                        refuse(command, CommandStatus.FAILED, "could not be kept at the agent: " + GmeyeException.of(err).reason())
                                .thenAccept(r -> {
                                    f.result.complete(r);
                                    f.taken.complete(null);
                                });
                        return;
                    }
                    f.taken.complete(null);
                    vertx.runOnContext(v -> await(f));
                });
        return f;
    }

    /** The arguments against the command's declaration, as the hub checked them (they may have come from an older hub). */
    private static Fields.Checked checkArgs(DeviceRegistry.Known device, String name, Object args) {
        if (args != null && !(args instanceof Map<?, ?>)) {
            return new Fields.Checked(Map.of(), 0, 0, List.of("params.args: expected an object of arguments, got " + Fields.describe(args)),
                    Map.of(), 0);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> in = args == null ? Map.of() : (Map<String, Object>) args;
        return device.type().commandArgs(name).orElseThrow().check(in, null);
    }

    /** A command that already ended here, sent again by the hub: its end is reported again, nothing is executed. */
    private InFlight again(KeptCommand done) {
        metrics.count("gmeye.devices.commands", "status", "resent_ended");
        LOG.info("device command {} to {} came again after it ended {}: reported again, not executed again", done.command().commandId(),
                done.device(), done.status().wire());
        InFlight f = new InFlight(done.command(), null, 0);
        CommandResult r = new CommandResult(done.command().commandId(), done.status(), done.message(), Map.of());
        outbox.append(Envelope.create(site, "agent", clock.millis(), r)).whenComplete((seq, err) -> {
            f.result.complete(r);
            f.taken.complete(null);
        });
        return f;
    }

    /**
     * Takes up the commands a previous run of the agent kept: a queued one waits for its device
     * until its deadline, or is reported expired; a sent one waits out the rest of its result time
     * (a late cmd.result is still taken), then is reported timed out. Reads RocksDB off the event loop.
     */
    public Future<Integer> resume() {
        return vertx.executeBlocking(() -> outbox.state(KeptCommand.PREFIX), false).map(kept -> {
            int open = 0;
            for (byte[] v : kept.values()) {
                KeptCommand k = StateChange.read(v, KeptCommand.class);
                if (k.status().terminal()) {
                    ended.put(k.command().commandId(), k);
                } else {
                    resume(k);
                    open++;
                }
            }
            if (open > 0) {
                LOG.info("took up {} device commands kept before the agent restarted", open);
            }
            return open;
        }).onComplete(r -> resumed.complete(null)); // a failed read leaves nothing to take up: new commands must not wait forever
    }

    private void resume(KeptCommand k) {
        DeviceRegistry.Known device = registry.find(k.device()).orElse(null);
        if (device == null) {
            move(k, CommandStatus.FAILED, k.device() + " is no longer a device of this site (the agent restarted with another registry)");
            return;
        }
        InFlight f = new InFlight(k.command(), device, k.deadline());
        f.status = k.status();
        f.since = k.since();
        f.taken.complete(null);
        if (byId.putIfAbsent(k.command().commandId(), f) != null) {
            return;
        }
        long now = clock.millis();
        if (k.status() == CommandStatus.QUEUED) {
            if (now >= k.deadline()) {
                move(f, CommandStatus.QUEUED, CommandStatus.EXPIRED, device.id()
                        + " could not be reached before the command's deadline (it passed while the agent was down)", Map.of());
            } else {
                await(f);
            }
            return;
        }
        long left = k.since() + resultTimeout.toMillis() - now;
        String why = "the agent restarted before " + device.id() + " answered, and no result came within " + resultTimeout.toSeconds()
                + " s of sending (not sent twice, so it is not executed twice)";
        if (left <= 0) {
            move(f, null, CommandStatus.TIMED_OUT, why, Map.of());
        } else {
            synchronized (f) {
                f.timer = vertx.setTimer(left, t -> move(f, null, CommandStatus.TIMED_OUT, why, Map.of()));
            }
        }
    }

    /** Waits in the device's queue until its deadline; sent at once when the device is reachable. */
    private void await(InFlight f) {
        synchronized (f) {
            if (f.ended()) {
                return;
            }
            f.timer = vertx.setTimer(Math.max(1, f.deadline - clock.millis()), t -> expire(f));
        }
        ArrayDeque<InFlight> q = queued.computeIfAbsent(f.device.id(), d -> new ArrayDeque<>());
        synchronized (q) {
            q.add(f);
        }
        flush(f.device.id());
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
        CompletableFuture<Long> sentKept = move(f, CommandStatus.QUEUED, CommandStatus.SENT, null, Map.of());
        if (sentKept == NOT_MOVED) {
            return;
        }
        // the device gets it only once SENT is durable: an agent killed in between finds it QUEUED and unsent
        // after its restart; published first, a kill before the write landed would have sent it a second time
        sentKept.whenComplete((seq, err) -> vertx.runOnContext(v -> {
            if (err != null) {
                move(f, CommandStatus.SENT, CommandStatus.FAILED, "could not be kept at the agent before sending: "
                        + GmeyeException.of(err).reason(), Map.of());
            } else {
                publish(f);
            }
        }));
    }

    private void publish(InFlight f) {
        synchronized (f) {
            if (f.status != CommandStatus.SENT) {
                return; // ended (expired, say) while its SENT state was being written
            }
        }
        Object args = f.command.params().get("args");
        @SuppressWarnings("unchecked")
        Map<String, Object> params = args instanceof Map<?, ?> m ? (Map<String, Object>) m : Map.of();
        byte[] payload = DeviceIngest.encode(new DeviceCommandMessage(f.command.commandId(), (String) f.command.params().get("command"),
                params, f.command.expiresAt()));
        links.send(f.device.id(), payload).whenComplete((v, err) -> {
            if (err != null) {
                // lost on the way (the device went away): back in the queue for its next connection
                if (moved(f, CommandStatus.SENT, CommandStatus.QUEUED, GmeyeException.of(err).reason())) {
                    ArrayDeque<InFlight> q = queued.get(f.device.id());
                    synchronized (q) {
                        q.addFirst(f);
                    }
                }
                return;
            }
            if (moved(f, CommandStatus.SENT, CommandStatus.DELIVERED, null)) {
                synchronized (f) {
                    if (!f.ended()) {
                        vertx.cancelTimer(f.timer);
                        f.timer = vertx.setTimer(resultTimeout.toMillis(), t -> move(f, null, CommandStatus.TIMED_OUT,
                                "no result from " + f.device.id() + " within " + resultTimeout.toSeconds() + " s", Map.of()));
                    }
                }
            }
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
        // the device's QoS 1 event is acknowledged once its result is durable upstream
        return move(f, null, s, event.text("message"), result).thenApply(seq -> null);
    }

    private void expire(InFlight f) {
        if (moved(f, CommandStatus.QUEUED, CommandStatus.EXPIRED, f.device.id() + " could not be reached before the command's deadline")) {
            ArrayDeque<InFlight> q = queued.get(f.device.id());
            synchronized (q) {
                q.remove(f);
            }
        }
    }

    private boolean moved(InFlight f, CommandStatus from, CommandStatus to, String message) {
        return move(f, from, to, message, Map.of()) != NOT_MOVED;
    }

    private static final CompletableFuture<Long> NOT_MOVED = CompletableFuture.completedFuture(-1L);

    /**
     * Moves a command on, when it is still in {@code from} (any state not ended when null): the
     * command.result upstream and the kept state change in one durable write, issued under the
     * command's lock so the writes land in the order of the states. A final state removes the
     * kept command and completes the handler's future once durable.
     */
    private CompletableFuture<Long> move(InFlight f, CommandStatus from, CommandStatus to, String message, Map<String, Object> result) {
        String id = f.command.commandId();
        CommandResult r = new CommandResult(id, to, message, to.terminal() ? result : Map.of("device", f.device.id()));
        CompletableFuture<Long> written;
        synchronized (f) {
            if (f.ended() || (from != null && f.status != from)) {
                return NOT_MOVED;
            }
            f.status = to;
            f.since = clock.millis();
            if (to.terminal()) {
                vertx.cancelTimer(f.timer);
            }
            KeptCommand kept = new KeptCommand(f.command, f.device.id(), to, f.deadline, f.since, to.terminal() ? message : null);
            StateChange change = StateChange.putJson(KeptCommand.key(id), kept);
            if (to.terminal()) {
                ended.put(id, kept); // the marker that stops a re-sent copy
                change = change.forgetting(expiredMarkers(f.since));
            }
            written = outbox.append(Envelope.create(site, "agent", f.since, r), change);
        }
        metrics.count("gmeye.devices.commands", "status", to.wire());
        if (to.terminal()) {
            byId.remove(id, f);
            written.whenComplete((seq, err) -> {
                if (err != null) {
                    LOG.error("device command {} ended {} but the outbox did not take it: {}", id, to.wire(), GmeyeException.of(err).reason());
                }
                f.result.complete(r);
            });
        }
        return written;
    }

    /** A kept command whose device is gone: ended without an in-flight entry. */
    private void move(KeptCommand k, CommandStatus to, String message) {
        metrics.count("gmeye.devices.commands", "status", to.wire());
        long now = clock.millis();
        KeptCommand done = new KeptCommand(k.command(), k.device(), to, k.deadline(), now, message);
        ended.put(k.command().commandId(), done);
        outbox.append(Envelope.create(site, "agent", now, new CommandResult(k.command().commandId(), to, message, Map.of())),
                StateChange.putJson(KeptCommand.key(k.command().commandId()), done).forgetting(expiredMarkers(now)));
    }

    /** Keys of markers past their retention, a few at a time; they ride on the write of the next command that ends. */
    private List<String> expiredMarkers(long now) {
        List<String> out = new ArrayList<>();
        for (KeptCommand k : ended.values()) {
            if (out.size() >= FORGET_PER_WRITE) {
                break;
            }
            if (Math.max(k.deadline(), k.since()) + MARKER_RETENTION_MS < now && ended.remove(k.command().commandId(), k)) {
                out.add(KeptCommand.key(k.command().commandId()));
            }
        }
        return out;
    }

    /** Refused before it was taken: reported upstream, nothing kept; taken and ended once the report is durable. */
    private InFlight refused(Command c, DeviceRegistry.Known device, CommandStatus status, String message) {
        InFlight f = new InFlight(c, device, 0);
        refuse(c, status, message).thenAccept(r -> {
            f.result.complete(r);
            f.taken.complete(null);
        });
        return f;
    }

    /** Reports a command's end that nothing kept. */
    private CompletableFuture<CommandResult> refuse(Command c, CommandStatus status, String message) {
        metrics.count("gmeye.devices.commands", "status", status.wire());
        CommandResult r = new CommandResult(c.commandId(), status, message, Map.of());
        return outbox.append(Envelope.create(site, "agent", clock.millis(), r)).handle((seq, err) -> {
            if (err != null) {
                LOG.error("device command {} ended {} ({}) but the outbox did not take the report: {}", c.commandId(), status.wire(), message,
                        GmeyeException.of(err).reason());
            }
            return r;
        });
    }
}
