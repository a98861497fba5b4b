package io.gmeye.hub.devicecommands;

import io.gmeye.hub.agents.AgentSessions;
import io.gmeye.hub.api.InvalidBody;
import io.gmeye.hub.audit.AuditLog;
import io.gmeye.hub.cluster.Leadership;
import io.gmeye.hub.cluster.PendingDecisions;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.ingest.Projection;
import io.gmeye.hub.log.Commands;
import io.gmeye.hub.log.LogRecord;
import io.gmeye.hub.routing.SiteRouter;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.topic.Topics;
import java.time.Clock;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Operators' commands to devices, kept as persistent RPCs. One flow for each: <b>apply</b>
 * (validate against the device type, put it into the hub's log; applying it, every node records
 * it queued with its audit entry in one durable write, and the node holding the site's agent
 * routes it as {@code device.command}), then the agent's reports (also in the log) move it on
 * (queued at the agent, sent, delivered, succeeded or failed, timed out, expired), each written
 * with its step, its batch's counts and, for a final state, its audit entry. A command waits at
 * the hub while the agent is away and goes out on the agent's next heartbeat, until the agent
 * has taken it (its acknowledgement or a report); the agent never executes a re-sent one twice.
 * The hub ends a command itself only when its agent never took it by the deadline (expired), or
 * took it and gave no final state for {@code giveUpAfter} past it (timed out); a final state the
 * agent reports later stands over the hub's judgement. That judgement is the leader's alone: it
 * writes it to the log as a decision, and every node applies it only if it still holds then (a
 * command that got its final state first is not timed out), so every node ends it the same way.
 */
public final class DeviceCommandService {
    private static final Logger LOG = LoggerFactory.getLogger(DeviceCommandService.class);
    static final String WIRE_NAME = "device.command";

    private final Store store;
    private final CommandCheck check;
    /** this node's agents: it sends the commands of the sites it holds */
    private final AgentSessions sessions;
    /** every node's agents: whether a new command waits for its agent */
    private final SiteRouter agents;
    private final Commands writes;
    private final AuditLog audit;
    private final Clock clock;
    private final Metrics metrics;
    private final HubConfig.CommandsSection config;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    /** Commands not ended, by id: what the sweep and the re-sends look at. */
    private final Map<String, DeviceCommand> open = new ConcurrentHashMap<>();
    private final Set<String> publishing = ConcurrentHashMap.newKeySet();
    /**
     * Acknowledged by this node's agent (kept there) though neither its report nor the "taken" record
     * reached this node's state yet: not sent again meanwhile. Every node learns it from the log.
     */
    private final Set<String> acknowledged = ConcurrentHashMap.newKeySet();
    /** States the store's writer computed, handed to the listeners once durable, in order, each one. */
    private final Map<String, Deque<DeviceCommand>> applied = new ConcurrentHashMap<>();
    private final Map<String, Deque<CommandBatch>> appliedBatches = new ConcurrentHashMap<>();
    private final List<Consumer<DeviceCommand>> listeners = new CopyOnWriteArrayList<>();
    private final List<Consumer<CommandBatch>> batchListeners = new CopyOnWriteArrayList<>();

    static final String COMMAND = "device.command";
    static final String BATCH = "device.command.batch";
    static final String END = "device.command.end";
    static final String TAKEN = "device.command.taken";

    private final Commands decisions;
    private final Leadership leadership;
    /** Ends this node put into the log and has not applied yet: not decided twice meanwhile. */
    private final PendingDecisions ends = new PendingDecisions("device command");

    /**
     * @param writes     the hub's log of operators' writes: commands and batches go through it, so every node has them
     * @param decisions  the hub's log of decisions: the leader's expiries and timeouts go through it
     * @param leadership whether this node judges the commands' time (the embedded hub always does)
     */
    public DeviceCommandService(Store store, CommandCheck check, AgentSessions sessions, SiteRouter agents, Commands writes, Commands decisions,
                                Leadership leadership, AuditLog audit, Clock clock, Metrics metrics, HubConfig.CommandsSection config) {
        this.store = store;
        this.check = check;
        this.sessions = sessions;
        this.agents = agents;
        this.writes = writes;
        this.decisions = decisions;
        this.leadership = leadership;
        writes.on(COMMAND, DeviceCommand.class, commandRecords());
        writes.on(BATCH, Batch.class, batchRecords());
        decisions.on(END, End.class, endRecords());
        decisions.on(TAKEN, Taken.class, takenRecords());
        this.audit = audit;
        this.clock = clock;
        this.metrics = metrics;
        this.config = config;
    }

    /** Reads the commands not ended yet. Blocking: at start. */
    public void load() {
        store.scan(Space.DEVICE_COMMANDS, Keys.prefix("c"), false, (k, v) -> {
            DeviceCommand c = StoredJson.read(v, DeviceCommand.class);
            if (!c.ended()) {
                open.put(c.id(), c);
            }
            return true;
        });
        if (!open.isEmpty()) {
            LOG.info("{} device commands not ended yet: they go to their agents on their next heartbeat", open.size());
        }
    }

    /** Hears every state each command enters, once durable, in order (the live stream). */
    public void onChange(Consumer<DeviceCommand> l) {
        listeners.add(l);
    }

    /** Hears each batch whose counts changed, once durable. */
    public void onBatch(Consumer<CommandBatch> l) {
        batchListeners.add(l);
    }

    /** Counts a command refused before it was applied (rate, scope...). */
    public void refused(String reason) {
        metrics.count("gmeye.operator_commands.refused", "reason", reason);
    }

    public CommandCheck check() {
        return check;
    }

    public HubConfig.CommandsSection config() {
        return config;
    }

    // ---- apply: validate → record → route ----

    /**
     * Applies one command: 400 with every problem at once (nothing logged), else a "device.command"
     * record in the hub's log; every node applies it (recorded queued with its audit entry in one
     * durable write) and the node that holds the site's agent routes it. Completes once this node
     * has applied it.
     */
    public CompletableFuture<DeviceCommand> apply(SendCommand s) {
        CommandCheck.Result r = check.check(s.type(), s.command(), s.args(), s.reason());
        if (!r.ok()) {
            metrics.count("gmeye.operator_commands.refused", "reason", "invalid");
            return CompletableFuture.failedFuture(new InvalidBody(r.problems()));
        }
        DeviceCommand c = DeviceCommand.queued(s.withArgs(r.args()), waiting(s.site()));
        return writes.<DeviceCommand>submit(COMMAND, c.site(), c).thenApply(done -> done != null ? done : c);
    }

    /**
     * Applies a batch: every command checked (all problems at once), then one "device.command.batch"
     * record per site in the log, keyed by that site and carrying the batch and that site's commands,
     * so each command is in its site's order, before its agent's acknowledgement and reports on every
     * node. Applying a site's share writes the batch (the first share a node applies, with its audit
     * entry), that site's commands and their audit entries in one durable write, and the node that
     * holds the site's agent routes them. Completes once this node has applied every share.
     */
    public CompletableFuture<CommandBatch> apply(SendBatch b) {
        List<String> problems = problems(b);
        if (!problems.isEmpty()) {
            metrics.count("gmeye.operator_commands.refused", "reason", "invalid");
            return CompletableFuture.failedFuture(new InvalidBody(problems));
        }
        Map<String, CommandCheck.Result> byType = new LinkedHashMap<>();
        Map<String, List<DeviceCommand>> bySite = new LinkedHashMap<>();
        List<String> ids = new ArrayList<>();
        for (SendCommand s : b.commands()) {
            CommandCheck.Result r = byType.computeIfAbsent(s.type(), t -> check.check(t, s.command(), s.args(), s.reason()));
            DeviceCommand c = DeviceCommand.queued(s.withArgs(r.args()), waiting(s.site()));
            bySite.computeIfAbsent(c.site(), k -> new ArrayList<>()).add(c);
            ids.add(c.id());
        }
        Map<String, Integer> states = Map.of(CommandStatus.QUEUED.wire(), ids.size());
        CommandBatch batch = new CommandBatch(b.batchId(), b.command(), ids.isEmpty() ? Map.of() : bySite.values().iterator().next().get(0).args(),
                b.reason(), b.actor(), b.tag(), b.type(), b.site(), b.at(), b.deadline(), ids, b.skipped(), states);
        List<CompletableFuture<CommandBatch>> shares = new ArrayList<>();
        // no commands at all (never made by the routes) still records the batch, under the hub's key
        (bySite.isEmpty() ? Map.of(LogRecord.HUB, List.<DeviceCommand>of()) : bySite).forEach((site, commands) ->
                shares.add(writes.submit(BATCH, site, new Batch(batch, commands))));
        return CompletableFuture.allOf(shares.toArray(CompletableFuture[]::new)).thenApply(x -> batch);
    }

    /** A site's share of a batch as it travels in the log: the batch and the commands of one site, checked. */
    public record Batch(CommandBatch batch, List<DeviceCommand> commands) {
    }

    /** Applies a command record on every node: recorded once (by its id), then, once durable, heard and routed. */
    private Commands.Handler<DeviceCommand, DeviceCommand> commandRecords() {
        return Commands.handler((c, at, tx) -> {
            if (tx.get(Space.DEVICE_COMMANDS, Keys.of("c", c.id())) != null) {
                return null; // applied before: a command is applied once, by its id
            }
            record(tx, c);
            return c;
        }, (c, done) -> {
            if (done != null) {
                recorded(done);
                route(done);
            }
        });
    }

    /**
     * Applies a site's share of a batch on every node: the batch, if this is the first share the node
     * applies (with the batch's audit entry), and the share's commands with theirs, in one write.
     * The batch counts the commands a node holds: each share adds its own as queued, and each
     * command's later state moves one count; sums, so a node that applies the shares in another
     * order (they are in different sites' partitions) ends with the same counts.
     */
    private Commands.Handler<Batch, CommandBatch> batchRecords() {
        return Commands.handler((b, at, tx) -> {
            CommandBatch batch = b.batch();
            if (!b.commands().isEmpty() && tx.get(Space.DEVICE_COMMANDS, Keys.of("c", b.commands().get(0).id())) != null) {
                return null; // this share was applied before
            }
            byte[] had = tx.get(Space.DEVICE_COMMANDS, Keys.of("b", batch.id()));
            if (had == null) {
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("command", batch.command());
                detail.put("args", batch.args());
                detail.put("reason", batch.reason());
                detail.put("tag", batch.tag());
                detail.put("type", batch.type());
                detail.put("devices", batch.commands().size());
                detail.put("skipped", batch.skipped());
                audit.record(tx, batch.createdAt(), batch.sentBy(), "device.command.batch", batch.id(), batch.site(), detail);
            } else if (b.commands().isEmpty()) {
                return null;
            }
            CommandBatch next = (had == null ? batch.withStates(Map.of()) : StoredJson.read(had, CommandBatch.class)).queued(b.commands().size());
            tx.put(Space.DEVICE_COMMANDS, Keys.of("b", batch.id()), StoredJson.write(next));
            b.commands().forEach(c -> record(tx, c));
            return next;
        }, (b, done) -> {
            if (done != null) {
                b.commands().forEach(c -> recorded(c));
                batchListeners.forEach(l -> l.accept(done));
                b.commands().forEach(c -> route(c));
            }
        });
    }

    /** Every problem of a command: the validation of the apply step, also asked before an operator's rate is charged. */
    public List<String> problems(SendCommand s) {
        return check.check(s.type(), s.command(), s.args(), s.reason()).problems();
    }

    /** Every problem of a batch's commands, by device type (each type checked once). */
    public List<String> problems(SendBatch b) {
        Map<String, CommandCheck.Result> byType = new LinkedHashMap<>();
        for (SendCommand s : b.commands()) {
            byType.computeIfAbsent(s.type(), t -> check.check(t, s.command(), s.args(), s.reason()));
        }
        boolean several = byType.size() > 1;
        List<String> problems = new ArrayList<>();
        byType.forEach((type, r) -> r.problems().forEach(p -> problems.add(several ? "devices of type " + type + ": " + p : p)));
        return problems;
    }

    private void record(WriteTx tx, DeviceCommand c) {
        tx.put(Space.DEVICE_COMMANDS, Keys.of("c", c.id()), StoredJson.write(c));
        tx.put(Space.DEVICE_COMMANDS, Keys.timed("t", c.createdAt(), c.id()), Keys.bytes(c.id()));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("commandId", c.id());
        detail.put("command", c.command());
        detail.put("args", c.args());
        detail.put("reason", c.reason());
        if (c.batch() != null) {
            detail.put("batch", c.batch());
        }
        audit.record(tx, c.createdAt(), c.sentBy(), "device.command", c.device(), c.site(), detail);
    }

    private void recorded(DeviceCommand c) {
        open.put(c.id(), c);
        metrics.count("gmeye.operator_commands", "state", c.state().wire());
        listeners.forEach(l -> l.accept(c));
    }

    /** Made by the node the operator called, from what it knows of every node's agents; travels in the record, so every node keeps the same. */
    private String waiting(String site) {
        return agents.reachable(site) ? null : "waiting for the agent of site " + site + " to connect";
    }

    /**
     * Sends a command to its site's agent if the agent is connected to this node (in a cluster
     * every node applies the command, and the one holding the agent sends it), unless it is ended,
     * taken or on its way; an agent away gets it on its next heartbeat, at whichever node it is then.
     */
    private void route(DeviceCommand c) {
        if (c.ended() || c.taken() || acknowledged.contains(c.id()) || !sessions.connected(c.site()) || !publishing.add(c.id())) {
            return;
        }
        Command wire = new Command(c.id(), WIRE_NAME, c.device(), Map.of("command", c.command(), "args", c.args()), c.deadline());
        byte[] payload = codec.encode(Envelope.create(c.site(), "hub", clock.millis(), wire));
        sessions.publish(c.site(), Topics.down(c.site(), WIRE_NAME), payload).onComplete(r -> {
            publishing.remove(c.id());
            if (r.succeeded()) {
                acknowledged.add(c.id()); // kept at the agent: from here on the agent judges it, and reports
                taken(c);
                metrics.count("gmeye.operator_commands.routed", "outcome", "taken");
            } else {
                metrics.count("gmeye.operator_commands.routed", "outcome", "not_taken");
                LOG.info("device command {} to {}: not taken by the agent of site {} ({}); sent again on its next heartbeat", c.id(), c.device(),
                        c.site(), r.cause().getMessage());
            }
        });
    }

    /**
     * Puts the agent's acknowledgement into the log under its site (in order with the agent's
     * reports), so every node holds the command taken: the leader, wherever it runs, then never
     * judges it expired, and a node the agent moves to does not send it again.
     */
    private void taken(DeviceCommand c) {
        taken(c.site(), c.id()).whenComplete((done, e) -> {
            if (e != null) {
                LOG.warn("device command {}: its agent took it, but the hub's log did not take that fact ({}); its next report says so",
                        c.id(), e.getMessage());
            }
        });
    }

    /** Puts "the agent of {@code site} took command {@code id}" into the log; completes with the command made taken, or null where it did not apply. */
    CompletableFuture<DeviceCommand> taken(String site, String id) {
        return decisions.submit(TAKEN, site, new Taken(id));
    }

    /** An agent acknowledged a command (kept it), as that travels in the log. */
    public record Taken(String id) {
    }

    /** Applies a "taken" on every node, once, and only while the command is not ended: it changes no state, only who holds it. */
    private Commands.Handler<Taken, DeviceCommand> takenRecords() {
        return Commands.handler((t, at, tx) -> {
            byte[] b = tx.get(Space.DEVICE_COMMANDS, Keys.of("c", t.id()));
            if (b == null) {
                return null;
            }
            DeviceCommand prev = StoredJson.read(b, DeviceCommand.class);
            if (prev.ended() || prev.taken()) {
                return null; // ended first (an expiry applied before it stands until the agent's final word), or taken already
            }
            DeviceCommand next = prev.takenByAgent();
            tx.put(Space.DEVICE_COMMANDS, Keys.of("c", t.id()), StoredJson.write(next));
            return next;
        }, (t, done) -> {
            if (done != null) {
                open.computeIfPresent(done.id(), (id, c) -> c.ended() ? c : c.takenByAgent());
            }
        });
    }

    /** The agent of a site is back (its heartbeat): what it has not taken goes out again. */
    private void resend(String site) {
        for (DeviceCommand c : open.values()) {
            if (c.site().equals(site)) {
                route(c);
            }
        }
    }

    // ---- the agents' reports ----

    /** Moves commands on from the agents' reports, and sends what waits to an agent that is back. */
    public Projection projection() {
        return new Projection() {
            @Override
            public Set<MessageType> types() {
                return Set.of(MessageType.COMMAND_RESULT, MessageType.AGENT_HEALTH);
            }

            @Override
            public void apply(Envelope<?> m, long receivedAt, WriteTx tx) {
                if (m.body() instanceof CommandResult r) {
                    advance(tx, r.commandId(), r.status(), r.message(), receivedAt, "agent:" + m.site());
                }
            }

            @Override
            public void committed(Envelope<?> m, long receivedAt) {
                if (m.body() instanceof CommandResult r) {
                    published(r.commandId());
                } else {
                    resend(m.site());
                }
            }
        };
    }

    /**
     * Moves a command to {@code to} in this write: its step, its batch's counts and, for a final
     * state, its audit entry. {@code actor} is "agent:SITE" for the agent's reports, "hub" for the
     * hub's own judgement. Returns the new state, or null when nothing changes.
     */
    private DeviceCommand advance(WriteTx tx, String id, CommandStatus to, String message, long at, String actor) {
        byte[] b = tx.get(Space.DEVICE_COMMANDS, Keys.of("c", id));
        if (b == null) {
            return null; // not an operator's command (a snapshot, a live view, a command of the hub's own)
        }
        boolean fromAgent = actor.startsWith("agent:");
        DeviceCommand prev = StoredJson.read(b, DeviceCommand.class);
        DeviceCommand next;
        if (prev.ended()) {
            // the agent's final word stands over the hub's judgement; nothing else reopens an end
            if (!(fromAgent && to.terminal() && "hub".equals(prev.endedBy()) && to != prev.state())) {
                return null;
            }
            next = prev.moved(to, message, at, true);
        } else if (to == prev.state()) {
            // the agent queued it too (its device is away): the same state, now held by the agent, with the agent's reason
            if (prev.taken() && (message == null || message.equals(prev.message()))) {
                return null;
            }
            next = new DeviceCommand(prev.id(), prev.device(), prev.site(), prev.type(), prev.command(), prev.args(), prev.reason(), prev.sentBy(),
                    prev.batch(), prev.state(), message, prev.createdAt(), at, prev.deadline(), prev.taken() || fromAgent, null, prev.steps());
        } else {
            next = prev.moved(to, message, at, fromAgent);
        }
        tx.put(Space.DEVICE_COMMANDS, Keys.of("c", id), StoredJson.write(next));
        if (next.batch() != null && next.state() != prev.state()) {
            byte[] bb = tx.get(Space.DEVICE_COMMANDS, Keys.of("b", next.batch()));
            if (bb != null) {
                CommandBatch batch = StoredJson.read(bb, CommandBatch.class).moved(prev.state(), next.state());
                tx.put(Space.DEVICE_COMMANDS, Keys.of("b", batch.id()), StoredJson.write(batch));
                appliedBatches.computeIfAbsent(id, k -> new ArrayDeque<>()).add(batch);
            }
        }
        if (next.ended() && next.state() != prev.state()) {
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("commandId", id);
            detail.put("command", next.command());
            detail.put("sentBy", next.sentBy());
            detail.put("reason", next.reason());
            detail.put("message", message);
            if (next.batch() != null) {
                detail.put("batch", next.batch());
            }
            audit.record(tx, at, actor, "device.command." + next.state().wire(), next.device(), next.site(), detail);
        }
        applied.computeIfAbsent(id, k -> new ArrayDeque<>()).add(next);
        return next;
    }

    /** Hands the oldest state computed for a command, now durable, to the listeners. Runs on the store's writer thread. */
    private void published(String id) {
        Deque<DeviceCommand> q = applied.get(id);
        DeviceCommand c = q == null ? null : q.poll();
        if (q != null && q.isEmpty()) {
            applied.remove(id, q);
        }
        if (c == null) {
            return;
        }
        if (c.ended()) {
            open.remove(c.id());
            acknowledged.remove(c.id());
        } else {
            open.put(c.id(), c);
        }
        metrics.count("gmeye.operator_commands", "state", c.state().wire());
        listeners.forEach(l -> l.accept(c));
        Deque<CommandBatch> bq = appliedBatches.get(id);
        CommandBatch batch = bq == null ? null : bq.poll();
        if (bq != null && bq.isEmpty()) {
            appliedBatches.remove(id, bq);
        }
        if (batch != null) {
            batchListeners.forEach(l -> l.accept(batch));
        }
    }

    // ---- the hub's own judgement, made by the leader ----

    /**
     * The leader's judgement that a command ended without its agent's final word, as it travels in
     * the log: {@code state} expired or timed_out, judged at the record's time, valid only at least
     * {@code afterDeadlineMs} past the command's deadline.
     */
    public record End(String id, CommandStatus state, String message, long afterDeadlineMs) {
    }

    /**
     * Ends what the agents cannot, if this node leads: a command its agent never took by the
     * deadline expires; one it took but gave no final state for {@code giveUpAfter} past the
     * deadline times out. Each judgement goes into the log as a decision; call it periodically.
     * Completes once this node has applied what it decided.
     */
    public CompletableFuture<Void> sweep() {
        if (!leadership.leading()) {
            return CompletableFuture.completedFuture(null);
        }
        long now = clock.millis();
        PendingDecisions.Round round = ends.round();
        for (DeviceCommand c : open.values()) {
            boolean held = c.taken() || acknowledged.contains(c.id());
            End e = null;
            if (!held && now >= c.deadline() && !publishing.contains(c.id())) {
                e = new End(c.id(), CommandStatus.EXPIRED, agents.reachable(c.site())
                        ? "the agent of site " + c.site() + " did not take it before its deadline"
                        : "the agent of site " + c.site() + " was not connected before the command's deadline", 0);
            } else if (held && now >= c.deadline() + config.giveUpAfter().toMillis()) {
                e = new End(c.id(), CommandStatus.TIMED_OUT, "no final state from the agent of site " + c.site() + " within "
                        + describe(config.giveUpAfter()) + " after the deadline", config.giveUpAfter().toMillis());
            }
            if (e != null) {
                End decision = e;
                round.decide(c.id(), decision, () -> decide(c.site(), decision));
            }
        }
        return round.done();
    }

    /** Puts an end into the log under the command's site (in order with its agent's reports); completes once this node applied it. */
    CompletableFuture<DeviceCommand> decide(String site, End e) {
        return decisions.submit(END, site, e);
    }

    private static String describe(java.time.Duration d) {
        return d.toMinutes() >= 1 && d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toSeconds() + " s";
    }

    /**
     * Applies an end on every node, only while it still holds at the record's time: the command not
     * ended (an agent's final state first stands), past its deadline by the decision's margin, and
     * for an expiry still not taken by its agent.
     */
    private Commands.Handler<End, DeviceCommand> endRecords() {
        return Commands.handler((e, at, tx) -> {
            byte[] b = tx.get(Space.DEVICE_COMMANDS, Keys.of("c", e.id()));
            if (b == null || !(e.state() == CommandStatus.EXPIRED || e.state() == CommandStatus.TIMED_OUT)) {
                return null;
            }
            DeviceCommand prev = StoredJson.read(b, DeviceCommand.class);
            if (prev.ended() || at < prev.deadline() + e.afterDeadlineMs() || (e.state() == CommandStatus.EXPIRED && prev.taken())) {
                return null; // no longer holds: ended first, or judged on an older state
            }
            return advance(tx, e.id(), e.state(), e.message(), at, "hub");
        }, (e, done) -> {
            if (done != null) {
                published(e.id());
            }
        });
    }

    // ---- reads (blocking: off the event loop) ----

    public DeviceCommand find(String id) {
        byte[] b = store.get(Space.DEVICE_COMMANDS, Keys.of("c", id));
        return b == null ? null : StoredJson.read(b, DeviceCommand.class);
    }

    public CommandBatch batch(String id) {
        byte[] b = store.get(Space.DEVICE_COMMANDS, Keys.of("b", id));
        return b == null ? null : StoredJson.read(b, CommandBatch.class);
    }

    /** Newest first: commands made at or after {@code since} that pass the filter, at most {@code limit}. */
    public List<DeviceCommand> newest(long since, int limit, Predicate<DeviceCommand> filter) {
        List<DeviceCommand> out = new ArrayList<>();
        int prefix = Keys.prefix("t").length;
        store.scan(Space.DEVICE_COMMANDS, Keys.prefix("t"), true, (k, v) -> {
            if (Keys.timeOf(k, prefix) < since) {
                return false;
            }
            DeviceCommand c = find(Keys.text(v));
            if (c != null && filter.test(c)) {
                out.add(c);
            }
            return out.size() < limit;
        });
        return out;
    }

    /** Commands not ended, for a test or a status line. */
    public int openCount() {
        return open.size();
    }
}
