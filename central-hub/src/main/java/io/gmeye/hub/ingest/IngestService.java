package io.gmeye.hub.ingest;

import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.WriteJob;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.codec.Decoded;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
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
 * Writes accepted messages to the store, idempotently by message id, together with what the
 * projections derive from them, in one atomic durable write. The caller acknowledges the
 * publisher only when the returned future completes. Also watches each site's sequence for gaps.
 */
public final class IngestService {
    private static final Logger LOG = LoggerFactory.getLogger(IngestService.class);
    public static final byte[] STORED_KEY = Keys.of("ingest", "stored");
    public static final byte[] DUPLICATES_KEY = Keys.of("ingest", "duplicates");

    private final Store store;
    private final Clock clock;
    private final Metrics metrics;
    private final Map<MessageType, List<Projection>> projections = new EnumMap<>(MessageType.class);
    private final Map<String, SeqTracker> trackers = new ConcurrentHashMap<>();
    private final List<Consumer<Envelope<?>>> listeners = new ArrayList<>();
    private final long gapGraceMs;
    private volatile UnaryOperator<Envelope<?>> screen = UnaryOperator.identity();

    public IngestService(Store store, Clock clock, Metrics metrics, long gapGraceMs) {
        this.store = store;
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

    /** Called on the writer thread after each durable write, for each new message (live streams, waiters). */
    public void onStored(Consumer<Envelope<?>> listener) {
        listeners.add(listener);
    }

    /** Stores JSON envelopes of one publish. */
    public CompletableFuture<Stored> store(List<Decoded> messages) {
        return write(messages, null);
    }

    /** Stores a binary message: its envelope and the JPEG it describes. */
    public CompletableFuture<Stored> storeBinary(Decoded header, byte[] payload) {
        return write(List.of(header), payload);
    }

    private CompletableFuture<Stored> write(List<Decoded> messages, byte[] binary) {
        long receivedAt = clock.millis();
        return store.write(new WriteJob<Stored>() {
            @Override
            public Stored apply(WriteTx tx) {
                List<Envelope<?>> fresh = new ArrayList<>(messages.size());
                int dup = 0;
                for (Decoded d : messages) {
                    Envelope<?> e = d.envelope();
                    byte[] id = Keys.bytes(e.id());
                    if (tx.get(Space.MESSAGES, id) != null) {
                        dup++;
                        continue;
                    }
                    tx.put(Space.MESSAGES, id, d.raw());
                    if (binary != null) {
                        tx.put(Space.BLOBS, id, binary);
                    }
                    Envelope<?> seen = screen.apply(e);
                    for (Projection p : projections.getOrDefault(e.type(), List.of())) {
                        p.apply(seen, receivedAt, tx);
                    }
                    fresh.add(seen);
                }
                count(tx, STORED_KEY, fresh.size());
                count(tx, DUPLICATES_KEY, dup);
                return new Stored(fresh, dup, receivedAt);
            }

            @Override
            public void committed(Stored s) {
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
        });
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
