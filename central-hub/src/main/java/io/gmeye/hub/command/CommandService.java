package io.gmeye.hub.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gmeye.hub.cluster.Leadership;
import io.gmeye.hub.cluster.PendingDecisions;
import io.gmeye.hub.ingest.Projection;
import io.gmeye.hub.log.Commands;
import io.gmeye.hub.routing.SiteRouter;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.envelope.Ulid;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.inspection.Snapshot;
import io.gmeye.protocols.topic.Topics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Commands from the hub to agents, kept as persistent RPCs: queued, sent, delivered (the agent's
 * PUBACK), then succeeded or failed (its command.result), or timed out, or expired. Answers come
 * back through the ingest (a command.result, or a snapshot whose ref is the command id).
 *
 * <p>A command's record lives in the hub's log, so every node of a cluster holds it: it is opened
 * by a command record before it is sent, the asking node's word that the agent took it (or that it
 * could not be sent) is a decision record, the agent's answers are its publishes, and a command
 * nobody answered by its deadline is timed out by the leader's {@link #sweep}, as device commands
 * are. Every node applies them in the site's log order, and a state is taken only while the record
 * is not ended, so every node ends with the same record.
 */
public final class CommandService {
    private static final Logger LOG = LoggerFactory.getLogger(CommandService.class);
    static final String OPEN = "agent.command.open";
    static final String STATE = "agent.command.state";
    static final String END = "agent.command.end";
    /** How long past its deadline the asking node waits for the leader's judgement before it answers the caller itself. */
    static final long JUDGEMENT_GRACE_MS = 3_000;

    /** A state the asking node saw: delivered (the agent's PUBACK) or failed (it could not be sent). */
    record State(String id, CommandStatus status, String message) {
    }

    /** The leader's judgement that a command got no answer by its deadline. */
    record End(String id, String message) {
    }

    private final Vertx vertx;
    private final Store store;
    private final SiteRouter agents;
    private final Commands writes;
    private final Commands decisions;
    private final Leadership leadership;
    private final Clock clock;
    private final Metrics metrics;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final Map<String, Promise<CommandReply>> waiting = new ConcurrentHashMap<>();
    /** Commands not ended, by id, with their site and deadline: what the leader's sweep looks at. */
    private final Map<String, CommandRecord> open = new ConcurrentHashMap<>();
    /** Ends this node put into the log and has not applied yet: not decided twice meanwhile. */
    private final PendingDecisions timeouts = new PendingDecisions("agent command");

    /**
     * @param agents     reaches a site's agent at the node that holds it (in a cluster the answers come back through the log)
     * @param writes     the log's command records: a command's record is opened there
     * @param decisions  the log's decision records: delivered, failed to send, timed out
     * @param leadership whether this node judges timeouts (the embedded hub always does)
     */
    public CommandService(Vertx vertx, Store store, SiteRouter agents, Commands writes, Commands decisions, Leadership leadership, Clock clock,
                          Metrics metrics) {
        this.vertx = vertx;
        this.store = store;
        this.agents = agents;
        this.writes = writes;
        this.decisions = decisions;
        this.leadership = leadership;
        this.clock = clock;
        this.metrics = metrics;
        writes.on(OPEN, CommandRecord.class, Commands.handler(this::opened, (c, r) -> {
            if (r != null) {
                open.put(r.command().commandId(), r);
            }
        }));
        decisions.on(STATE, State.class, Commands.handler((c, at, tx) -> advance(tx, c.id(), c.status(), c.message(), at), (c, r) -> settled(r)));
        decisions.on(END, End.class, Commands.handler(this::ended, (c, r) -> settled(r)));
    }

    /** Takes the commands not ended from the store (blocking: at start, before the log is applied). */
    public void load() {
        store.scan(Space.COMMANDS, new byte[0], false, (k, v) -> {
            CommandRecord r = read(v);
            if (!r.status().terminal()) {
                open.put(r.command().commandId(), r);
            }
            return true;
        });
    }

    /**
     * Sends a command now and waits for the answer. Fails at once with a reason when the site's
     * agent is not connected; fails with TIMEOUT when no answer comes within {@code timeout}.
     */
    public Future<CommandReply> call(String site, String name, String target, Map<String, Object> params, Duration timeout) {
        long now = clock.millis();
        Command c = new Command(Ulid.next(now), name, target, params, now + timeout.toMillis());
        if (!agents.reachable(site)) {
            metrics.count("gmeye.commands", "name", name, "outcome", "unreachable");
            return Future.failedFuture(new GmeyeException(ErrorKind.UNAVAILABLE, "the agent of site " + site + " is not connected"));
        }
        Promise<CommandReply> reply = Promise.promise();
        waiting.put(c.commandId(), reply);
        // the leader times it out in the log (the caller hears of it once this node applied it, so what it reads next agrees);
        // this timer only bounds the caller's wait where no judgement came (no leader for a moment)
        long timer = vertx.setTimer(timeout.toMillis() + JUDGEMENT_GRACE_MS, t -> {
            if (waiting.remove(c.commandId()) != null) {
                metrics.count("gmeye.commands", "name", name, "outcome", "timed_out");
                reply.tryFail(timedOut(site, name, timeout.toMillis()));
            }
        });
        Future.fromCompletionStage(writes.submit(OPEN, site, new CommandRecord(site, c, CommandStatus.QUEUED, null, now, now)),
                        vertx.getOrCreateContext())
                .compose(v -> agents.publish(site, Topics.down(site, name), codec.encode(Envelope.create(site, "hub", now, c))))
                .onSuccess(v -> decide(site, new State(c.commandId(), CommandStatus.DELIVERED, null)))
                .onFailure(e -> {
                    if (waiting.remove(c.commandId()) != null) {
                        vertx.cancelTimer(timer);
                        Future.fromCompletionStage(decide(site, new State(c.commandId(), CommandStatus.FAILED, e.getMessage())), vertx.getOrCreateContext())
                                .onComplete(x -> reply.tryFail(e));
                    }
                });
        return reply.future().onComplete(r -> vertx.cancelTimer(timer));
    }

    private static GmeyeException timedOut(String site, String name, long timeoutMs) {
        return new GmeyeException(ErrorKind.TIMEOUT, "the agent of site " + site + " did not answer " + name + " within " + timeoutMs + " ms");
    }

    /**
     * Times out, if this node leads, the commands past their deadline that no answer ended: each
     * judgement goes into the log as a decision, applied only while the command is still not ended
     * at the record's time (an agent's answer first stands). Call it periodically.
     */
    public CompletableFuture<Void> sweep() {
        if (!leadership.leading()) {
            return CompletableFuture.completedFuture(null);
        }
        long now = clock.millis();
        PendingDecisions.Round round = timeouts.round();
        for (CommandRecord r : open.values()) {
            Command c = r.command();
            if (now >= c.expiresAt()) {
                long timeoutMs = c.expiresAt() - r.createdAt();
                End end = new End(c.commandId(), "no answer from site " + r.site() + " within " + timeoutMs + " ms");
                round.decide(c.commandId(), end, () -> decide(r.site(), end));
            }
        }
        return round.done();
    }

    /** Puts a decision about a command into the log under its site (in order with its agent's answers). */
    private CompletableFuture<CommandRecord> decide(String site, Object decision) {
        return decisions.submit(decision instanceof End ? END : STATE, site, decision);
    }

    private CommandRecord opened(CommandRecord r, long at, WriteTx tx) {
        if (tx.get(Space.COMMANDS, Keys.bytes(r.command().commandId())) != null) {
            return null; // applied before (a record seen twice)
        }
        tx.put(Space.COMMANDS, Keys.bytes(r.command().commandId()), write(r));
        return r;
    }

    private CommandRecord ended(End e, long at, WriteTx tx) {
        byte[] prev = tx.get(Space.COMMANDS, Keys.bytes(e.id()));
        if (prev == null || at < read(prev).command().expiresAt()) {
            return null; // judged on a clock behind the deadline: it does not hold
        }
        return advance(tx, e.id(), CommandStatus.TIMED_OUT, e.message(), at);
    }

    /** A command's next state, taken only while it is not ended; null when it does not hold. */
    private static CommandRecord advance(WriteTx tx, String id, CommandStatus status, String message, long at) {
        byte[] prev = tx.get(Space.COMMANDS, Keys.bytes(id));
        if (prev == null) {
            return null;
        }
        CommandRecord rec = read(prev);
        if (rec.status().terminal() || (status == CommandStatus.DELIVERED && rec.status() != CommandStatus.QUEUED)) {
            return null;
        }
        CommandRecord next = rec.with(status, message, at);
        tx.put(Space.COMMANDS, Keys.bytes(id), write(next));
        return next;
    }

    /** Once a state is durable: an ended command leaves the sweep, and its caller (on this node) hears of a timeout or a failure. */
    private void settled(CommandRecord r) {
        if (r == null) {
            return;
        }
        String id = r.command().commandId();
        if (!r.status().terminal()) {
            open.computeIfPresent(id, (k, had) -> r);
            return;
        }
        open.remove(id);
        if (r.status() == CommandStatus.TIMED_OUT) {
            Promise<CommandReply> p = waiting.remove(id);
            if (p != null) {
                metrics.count("gmeye.commands", "name", r.command().name(), "outcome", "timed_out");
                p.tryFail(timedOut(r.site(), r.command().name(), r.command().expiresAt() - r.createdAt()));
            }
        }
    }

    /** Completes waiters from what the ingest stored: command results and snapshots on call. */
    public Projection answers() {
        return new Projection() {
            @Override
            public Set<MessageType> types() {
                return Set.of(MessageType.COMMAND_RESULT, MessageType.SNAPSHOT);
            }

            @Override
            public void apply(Envelope<?> m, long receivedAt, WriteTx tx) {
                String id = m.body() instanceof CommandResult r ? r.commandId() : ((Snapshot) m.body()).ref();
                byte[] prev = tx.get(Space.COMMANDS, Keys.bytes(id));
                if (prev == null) {
                    return; // a snapshot of an inspection event, or a result of a command this hub no longer knows
                }
                CommandRecord rec = read(prev);
                CommandStatus s = m.body() instanceof CommandResult r ? r.status() : CommandStatus.SUCCEEDED;
                String msg = m.body() instanceof CommandResult r ? r.message() : null;
                if (rec.status().terminal() && !s.terminal()) {
                    return; // a step reported late (after a replay): the end already stored stands
                }
                // a final state from the agent stands over the hub's own timeout: a device command kept
                // through an agent restart can succeed after the hub stopped waiting for it
                tx.put(Space.COMMANDS, Keys.bytes(id), write(rec.with(s, msg, receivedAt)));
            }

            @Override
            public void committed(Envelope<?> m, long receivedAt) {
                String id = m.body() instanceof CommandResult r ? r.commandId() : ((Snapshot) m.body()).ref();
                if (id != null && (!(m.body() instanceof CommandResult r) || r.status().terminal())) {
                    open.remove(id); // answered: out of the leader's sweep
                }
                if (m.body() instanceof CommandResult r) {
                    if (r.status().terminal()) {
                        complete(r.commandId(), new CommandReply(r, null, null));
                    }
                } else if (m.body() instanceof Snapshot s && waiting.containsKey(s.ref())) {
                    vertx.executeBlocking(() -> store.get(Space.BLOBS, Keys.bytes(m.id())), false)
                            .onSuccess(jpeg -> complete(s.ref(), new CommandReply(null, s, jpeg)));
                }
            }
        };
    }

    private void complete(String commandId, CommandReply reply) {
        Promise<CommandReply> p = waiting.remove(commandId);
        if (p != null) {
            metrics.count("gmeye.commands", "outcome", reply.result() == null ? "succeeded" : reply.result().status().wire());
            p.tryComplete(reply);
        }
    }

    /** The stored state of a command, or null. Blocking. */
    public CommandRecord find(String commandId) {
        byte[] b = store.get(Space.COMMANDS, Keys.bytes(commandId));
        return b == null ? null : read(b);
    }

    private static byte[] write(CommandRecord r) {
        try {
            return Json.mapper().writeValueAsBytes(r);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static CommandRecord read(byte[] b) {
        try {
            return Json.mapper().readValue(b, CommandRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
