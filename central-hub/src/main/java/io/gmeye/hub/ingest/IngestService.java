package io.gmeye.hub.ingest;

import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.log.HubLog;
import io.gmeye.hub.log.LogApplier;
import io.gmeye.hub.log.LogRecord;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.codec.Decoded;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.envelope.Ulid;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents' messages into the hub: each publish goes into the hub's log, and applying it (on every
 * node) writes the messages to the store, idempotently by message id, together with what the
 * projections derive from them, in one atomic durable write. The caller acknowledges the
 * publisher only when the log holds it. Also watches each site's sequence for gaps.
 */
public final class IngestService implements LogApplier {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    public static final byte[] STORED_KEY = Keys.of("ingest", "stored");
    public static final byte[] DUPLICATES_KEY = Keys.of("ingest", "duplicates");

    private final Store store;
    private final HubLog log;
    private final String node;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final Clock clock;
    private final Metrics metrics;
    private final Map<MessageType, List<Projection>> projections = new EnumMap<>(MessageType.class);
    private final Map<String, SeqTracker> trackers = new ConcurrentHashMap<>();
    private final List<Consumer<Envelope<?>>> listeners = new ArrayList<>();
    private final long gapGraceMs;
    private volatile UnaryOperator<Envelope<?>> screen = UnaryOperator.identity();

    public IngestService(Store store, HubLog log, String node, Clock clock, Metrics metrics, long gapGraceMs) {
        this.store = store;
        this.log = log;
        this.node = node;
        this.clock = clock;
        this.metrics = metrics;
        this.gapGraceMs = gapGraceMs;
    }

    public void register(Projection p) {
        for (MessageType t : p.types()) {
            projections.computeIfAbsent(t, k -> new ArrayList<>()).add(p);
        }
    }

    /**
     * What the projections see of each new message (the message itself is stored as received):
     * the registry drops from it what an admin removed before the message was made.
     */
    public void screen(UnaryOperator<Envelope<?>> s) {
        this.screen = s;
    }

    /** Called on the writer thread after each durable write, for each new message (live streams, waiters); on every node. */
    public void onStored(Consumer<Envelope<?>> listener) {
        listeners.add(listener);
    }

    /**
     * Accepts the JSON envelopes of one publish: they go into the hub's log as one record and
     * the future completes once the log holds it durably (embedded: once it is applied to the
     * store; in a cluster: once Kafka has it on enough replicas). Acknowledge the agent then.
     */
    public CompletableFuture<Void> store(List<Decoded> messages) {
        return append(messages, null);
    }

    /** Accepts a binary message: its envelope and the JPEG it describes. */
    public CompletableFuture<Void> storeBinary(Decoded header, byte[] payload) {
        return append(List.of(header), payload);
    }

    private CompletableFuture<Void> append(List<Decoded> messages, byte[] binary) {
        if (messages.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        PublishBody publish = new PublishBody(messages, binary);
        long at = clock.millis(); // the hub's receipt time: every node applies this one, not its own
        LogRecord r = new LogRecord(Ulid.next(at), LogRecord.Kind.PUBLISH, messages.get(0).envelope().site(), at, node, publish.encode(), publish);
        return log.append(r);
    }

    /** Parses a publish read from the log off the store's writer thread; one that does not parse is left for apply to refuse. */
    @Override
    public LogRecord prepare(LogRecord r) {
        try {
            return new LogRecord(r.id(), r.kind(), r.key(), r.at(), r.node(), r.body(), PublishBody.decode(r.body(), codec));
        } catch (RuntimeException e) {
            return r;
        }
    }

    /** Applies a publish from the log: each envelope not held yet is stored with what the projections derive from it. */
    @Override
    public Stored apply(LogRecord record, WriteTx tx) {
        PublishBody p = record.decoded() instanceof PublishBody local ? local : PublishBody.decode(record.body(), codec);
        long receivedAt = record.at();
        List<Envelope<?>> fresh = new ArrayList<>(p.messages().size());
        int dup = 0;
        for (Decoded d : p.messages()) {
            Envelope<?> e = d.envelope();
            byte[] id = Keys.bytes(e.id());
            if (tx.get(Space.MESSAGES, id) != null) {
                dup++;
                continue;
            }
            tx.put(Space.MESSAGES, id, d.raw());
            if (p.binary() != null) {
                tx.put(Space.BLOBS, id, p.binary());
            }
            Envelope<?> seen = screen.apply(e);
            for (Projection pr : projections.getOrDefault(e.type(), List.of())) {
                pr.apply(seen, receivedAt, tx);
            }
            fresh.add(seen);
        }
        count(tx, STORED_KEY, fresh.size());
        count(tx, DUPLICATES_KEY, dup);
        return new Stored(fresh, dup, receivedAt);
    }

    @Override
    public void committed(LogRecord record, Object outcome) {
        Stored s = (Stored) outcome;
        long receivedAt = s.receivedAt();
        for (Envelope<?> e : s.stored()) {
            for (Projection p : projections.getOrDefault(e.type(), List.of())) {
                try {
                    p.committed(e, receivedAt);
                } catch (RuntimeException ex) {
                    LOG.error("projection of {} {} failed after commit: {}", e.type().wire(), e.id(), ex.toString());
                }
            }
            for (Consumer<Envelope<?>> l : listeners) {
                l.accept(e);
            }
            watchSequence(e, receivedAt);
        }
        metrics.count("gmeye.ingest.messages", s.stored().size(), "outcome", "stored");
        if (s.duplicates() > 0) {
            metrics.count("gmeye.ingest.messages", s.duplicates(), "outcome", "duplicate");
        }
    }

    /**
     * Lifetime counts kept in the same atomic write as the messages, so they survive kill -9 and
     * can be checked against the store: messages stored must equal the ids held (a replay applied
     * twice would show as more), duplicates say how often the idempotency check caught a replay.
     */
    private static void count(WriteTx tx, byte[] key, long n) {
        if (n > 0) {
            tx.put(Space.META, key, ByteBuffer.allocate(8).putLong(lifetime(tx.get(Space.META, key)) + n).array());
        }
    }

    private static long lifetime(byte[] v) {
        return v == null ? 0 : ByteBuffer.wrap(v).getLong();
    }

    /** Messages stored since the store was made, and replays refused as duplicates; blocking read. */
    public long[] lifetimeCounts() {
        return new long[] {lifetime(store.get(Space.META, STORED_KEY)), lifetime(store.get(Space.META, DUPLICATES_KEY))};
    }

    private void watchSequence(Envelope<?> e, long now) {
        SeqTracker t = trackers.computeIfAbsent(e.site(), s -> new SeqTracker(gapGraceMs));
        for (SeqTracker.Gap g : t.observe(e.seq(), now)) {
            reportGap(e.site(), g);
        }
    }

    /** Judges holes that stayed open; call periodically. */
    public void sweepGaps() {
        long now = clock.millis();
        trackers.forEach((site, t) -> t.sweep(now).forEach(g -> reportGap(site, g)));
    }

    private void reportGap(String site, SeqTracker.Gap g) {
        metrics.count("gmeye.ingest.seq_gaps", "site", site);
        metrics.count("gmeye.ingest.seq_missing", g.size(), "site", site);
        LOG.warn("site {}: outbox sequence {}..{} ({} messages) never arrived; see the agent's eviction counts", site, g.from(), g.to(),
                g.size());
    }

    public SeqTracker tracker(String site) {
        return trackers.get(site);
    }
}
