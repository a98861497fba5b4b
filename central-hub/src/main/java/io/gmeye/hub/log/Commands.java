package io.gmeye.hub.log;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.envelope.Ulid;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import java.io.IOException;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

/**
 * Operators' writes as COMMAND records in the hub's log: a feature names a command and its
 * handler; {@link #submit} puts the command into the log and completes with the handler's
 * outcome once this node has applied it, so an operator reads what they wrote. Every node runs
 * the same handler on the same record (parsed from the record's JSON, also on the node that made
 * it) against the same state, so every node reaches the same outcome, refusals included.
 */
public final class Commands implements LogApplier {
    /** Applies one kind of command. */
    public interface Handler<C, R> {
        /**
         * Runs on the store's writer thread in the record's atomic write: decide from {@code tx}
         * (the store as of the records before this one) and {@code at} (the making node's clock),
         * never from this node's own clock; refuse with a {@code GmeyeException} of a client kind.
         */
        R apply(C command, long at, WriteTx tx) throws Exception;

        /** Once the write is durable (writer thread): update memory. */
        default void committed(C command, R outcome) {
        }
    }

    /** A handler of its two parts: what applying the record writes, and what memory takes once it is durable. */
    public static <C, R> Handler<C, R> handler(Handler<C, R> apply, BiConsumer<C, R> committed) {
        return new Handler<>() {
            @Override
            public R apply(C command, long at, WriteTx tx) throws Exception {
                return apply.apply(command, at, tx);
            }

            @Override
            public void committed(C command, R outcome) {
                committed.accept(command, outcome);
            }
        };
    }

    private record Entry<C, R>(Class<C> type, Handler<C, R> handler) {
    }

    /** The wire form: the command's name and its fields. */
    private record Wire(String name, JsonNode command) {
    }

    private record Parsed(Entry<?, ?> entry, Object command) {
    }

    private static final ObjectMapper JSON = Json.mapper();
    private final Map<String, Entry<?, ?>> handlers = new ConcurrentHashMap<>();
    private final HubLog log;
    private final String node;
    private final Clock clock;
    private final LogRecord.Kind kind;

    /** Operators' writes: COMMAND records. */
    public Commands(HubLog log, String node, Clock clock) {
        this(log, node, clock, LogRecord.Kind.COMMAND);
    }

    /** Records of another kind made and applied the same way: DECISION records (what time or a node's leaving made true). */
    public Commands(HubLog log, String node, Clock clock, LogRecord.Kind kind) {
        this.log = log;
        this.node = node;
        this.clock = clock;
        this.kind = kind;
    }

    public <C, R> void on(String name, Class<C> type, Handler<C, R> handler) {
        if (handlers.putIfAbsent(name, new Entry<>(type, handler)) != null) {
            throw new IllegalStateException("two handlers for command " + name);
        }
    }

    /**
     * Puts a command into the log under {@code key} (a site, or {@link LogRecord#HUB}) and
     * completes with its outcome on this node, or fails with its refusal.
     */
    @SuppressWarnings("unchecked")
    public <R> CompletableFuture<R> submit(String name, String key, Object command) {
        if (!handlers.containsKey(name)) {
            return CompletableFuture.failedFuture(new IllegalStateException("no handler for command " + name));
        }
        long at = clock.millis();
        byte[] body;
        try {
            body = JSON.writeValueAsBytes(new Wire(name, JSON.valueToTree(command)));
        } catch (IOException | IllegalArgumentException e) {
            return CompletableFuture.failedFuture(new GmeyeException(ErrorKind.INTERNAL, "command " + name + " cannot be written: " + e.getMessage()));
        }
        return log.appendAndApply(new LogRecord(Ulid.next(at), kind, key, at, node, body)).thenApply(o -> (R) o);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public Object apply(LogRecord record, WriteTx tx) throws Exception {
        Parsed p = parse(record);
        return ((Handler) p.entry().handler()).apply(p.command(), record.at(), tx);
    }

    @Override
    @SuppressWarnings({"unchecked", "rawtypes"})
    public void committed(LogRecord record, Object outcome) {
        Parsed p = parse(record);
        ((Handler) p.entry().handler()).committed(p.command(), outcome);
    }

    private Parsed parse(LogRecord record) {
        try {
            Wire w = JSON.readValue(record.body(), Wire.class);
            Entry<?, ?> e = handlers.get(w.name());
            if (e == null) {
                throw new GmeyeException(ErrorKind.BAD_REQUEST, "no handler for command " + w.name() + " on this hub version");
            }
            return new Parsed(e, JSON.treeToValue(w.command(), e.type()));
        } catch (IOException e) {
            throw new GmeyeException(ErrorKind.BAD_REQUEST, "a command record that cannot be read: " + e.getMessage());
        }
    }
}
