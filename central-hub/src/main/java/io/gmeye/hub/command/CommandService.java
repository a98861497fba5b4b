package io.gmeye.hub.command;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gmeye.hub.ingest.Projection;
import io.gmeye.hub.routing.SiteRouter;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.WriteJob;
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
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Commands from the hub to agents, kept as persistent RPCs: queued, sent, delivered (the agent's
 * PUBACK), then succeeded or failed (its command.result), or timed out, or expired. Answers come
 * back through the ingest (a command.result, or a snapshot whose ref is the command id).
 */
public final class CommandService {
    private final Vertx vertx;
    private final Store store;
    private final SiteRouter agents;
    private final Clock clock;
    private final Metrics metrics;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final Map<String, Promise<CommandReply>> waiting = new ConcurrentHashMap<>();

    /** @param agents reaches a site's agent at the node that holds it (in a cluster the answers come back through the log) */
    public CommandService(Vertx vertx, Store store, SiteRouter agents, Clock clock, Metrics metrics) {
        this.vertx = vertx;
        this.store = store;
        this.agents = agents;
        this.clock = clock;
        this.metrics = metrics;
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
        long timer = vertx.setTimer(timeout.toMillis(), t -> {
            if (waiting.remove(c.commandId()) != null) {
                metrics.count("gmeye.commands", "name", name, "outcome", "timed_out");
                // the caller learns of the timeout once it is stored, so what it reads next agrees with what it was told
                stored(update(c.commandId(), CommandStatus.TIMED_OUT, "no answer from site " + site + " within " + timeout.toMillis() + " ms"))
                        .onComplete(x -> reply.tryFail(new GmeyeException(ErrorKind.TIMEOUT, "the agent of site " + site
                                + " did not answer " + name + " within " + timeout.toMillis() + " ms")));
            }
        });
        record(new CommandRecord(site, c, CommandStatus.QUEUED, null, now, now))
                .compose(v -> agents.publish(site, Topics.down(site, name), codec.encode(Envelope.create(site, "hub", now, c))))
                .onSuccess(v -> update(c.commandId(), CommandStatus.DELIVERED, null))
                .onFailure(e -> {
                    if (waiting.remove(c.commandId()) != null) {
                        vertx.cancelTimer(timer);
                        stored(update(c.commandId(), CommandStatus.FAILED, e.getMessage())).onComplete(x -> reply.tryFail(e));
                    }
                });
        return reply.future().onComplete(r -> vertx.cancelTimer(timer));
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

    private Future<Void> record(CommandRecord r) {
        return Future.fromCompletionStage(store.write(tx -> {
            tx.put(Space.COMMANDS, Keys.bytes(r.command().commandId()), write(r));
            return null;
        }), vertx.getOrCreateContext());
    }

    private Future<Void> stored(CompletionStage<Void> write) {
        return Future.fromCompletionStage(write, vertx.getOrCreateContext());
    }

    private CompletionStage<Void> update(String commandId, CommandStatus status, String message) {
        long now = clock.millis();
        return store.write((WriteJob<Void>) tx -> {
            byte[] prev = tx.get(Space.COMMANDS, Keys.bytes(commandId));
            if (prev != null) {
                CommandRecord rec = read(prev);
                if (!rec.status().terminal()) {
                    tx.put(Space.COMMANDS, Keys.bytes(commandId), write(rec.with(status, message, now)));
                }
            }
            return null;
        });
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
