package io.gmeye.hub.log;

import io.gmeye.protocols.envelope.Ulid;
import java.nio.charset.StandardCharsets;

/**
 * One entry of the hub's log: something that will change hub state once applied. Every node
 * applies the same records in the same order with the same {@code at}, so every node reaches
 * the same state; no node reads its own clock while applying.
 *
 * @param id   ULID made where the record was made: the idempotency key
 * @param kind what made it
 * @param key  the site it concerns (the partition key: one site's records stay in order); {@link #HUB} for hub-wide ones
 * @param at   the making node's clock, in ms: the time the appliers use
 * @param node the node that made it
 * @param body the payload, as the kind's applier reads it
 * @param decoded the body as its maker already holds it, so the node that made a record does not
 *                parse it again (the embedded hub's path); null on records read from Kafka
 */
public record LogRecord(String id, Kind kind, String key, long at, String node, byte[] body, Object decoded) {
    /** The key of records that concern no one site (accounts, sessions, the tag catalog). */
    public static final String HUB = "_hub";

    /** What made a record. */
    public enum Kind {
        /** an agent's publish, as received */
        PUBLISH,
        /** an operator's write */
        COMMAND,
        /** what time (or a node leaving) made true, decided once by the leader or the node holding an agent */
        DECISION
    }

    public LogRecord {
        if (id == null || id.isEmpty() || kind == null || key == null || key.isEmpty() || node == null || body == null) {
            throw new IllegalArgumentException("a log record needs id, kind, key, node and body");
        }
    }

    public LogRecord(String id, Kind kind, String key, long at, String node, byte[] body) {
        this(id, kind, key, at, node, body, null);
    }

    public static LogRecord of(Kind kind, String key, long at, String node, byte[] body) {
        return new LogRecord(Ulid.next(at), kind, key, at, node, body, null);
    }

    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }
}
