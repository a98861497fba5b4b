package io.gmeye.hub.checkpoint;

import io.gmeye.hub.ingest.Projection;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.checkpoint.CheckpointPass;
import io.gmeye.protocols.checkpoint.PassDecision;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.function.Predicate;

/**
 * Checkpoint passes counted per checkpoint, gate and hour, and each denial indexed by time, both
 * in the same write as the pass. The counts are kept in memory for the views.
 */
public final class CheckpointActivity {
    static final long HOUR = 3_600_000;
    private static final String COUNT = "cphour";
    private static final String DENIAL = "cpdeny";

    private final Store store;
    private final Map<String, NavigableMap<Long, HourCount>> hours = new ConcurrentHashMap<>();
    private final Map<String, HourCount> pending = new ConcurrentHashMap<>();

    public CheckpointActivity(Store store) {
        this.store = store;
    }

    /** Loads the hourly counts; blocking, at start. */
    public void load() {
        store.scan(Space.LATEST, Keys.prefix(COUNT), false, (k, v) -> {
            remember(StoredJson.read(v, HourCount.class));
            return true;
        });
    }

    private void remember(HourCount c) {
        hours.computeIfAbsent(c.checkpoint(), x -> new ConcurrentSkipListMap<>()).put(c.hour(), c);
    }

    public Projection projection() {
        return new Projection() {
            @Override
            public Set<MessageType> types() {
                return Set.of(MessageType.CHECKPOINT_PASS);
            }

            @Override
            public void apply(Envelope<?> m, long receivedAt, WriteTx tx) {
                CheckpointPass p = (CheckpointPass) m.body();
                long hour = Math.floorDiv(m.ts(), HOUR) * HOUR;
                byte[] key = Keys.of(COUNT, p.checkpoint(), Long.toString(hour));
                byte[] prev = tx.get(Space.LATEST, key);
                HourCount before = prev == null ? HourCount.empty(p.checkpoint(), hour) : StoredJson.read(prev, HourCount.class);
                boolean allow = p.decision() == PassDecision.ALLOW;
                HourCount next = before.plus(allow, "timeout".equals(p.outcome()), gate(p), p.reason());
                tx.put(Space.LATEST, key, StoredJson.write(next));
                pending.put(m.id(), next);
                if (!allow) {
                    tx.put(Space.BY_TIME, Keys.timed(DENIAL, m.ts(), m.id()), StoredJson.write(new Denial(m.ts(), m.site(), p.checkpoint(), gate(p),
                            p.reason(), p.healthCode(), p.personMasked(), p.passId())));
                }
            }

            @Override
            public void committed(Envelope<?> m, long receivedAt) {
                HourCount c = pending.remove(m.id());
                if (c != null) {
                    remember(c);
                }
            }
        };
    }

    static String gate(CheckpointPass p) {
        return p.turnstile() != null ? p.turnstile() : p.sentinel() != null ? p.sentinel() : p.checkpoint();
    }

    /** The counts of the checkpoints that pass the filter, hour by hour from {@code fromHour} to {@code toHour} (exclusive). */
    public List<HourCount> counts(Predicate<String> checkpoints, long fromHour, long toHour) {
        List<HourCount> out = new ArrayList<>();
        hours.forEach((cp, byHour) -> {
            if (checkpoints.test(cp)) {
                out.addAll(byHour.subMap(fromHour, true, toHour, false).values());
            }
        });
        return out;
    }

    /** Denials newest first, at most {@code limit}, looking at no more than {@code scanAtMost} entries. Blocking. */
    public List<Denial> denials(Predicate<Denial> filter, int limit, int scanAtMost) {
        List<Denial> out = new ArrayList<>();
        int[] seen = {0};
        store.scan(Space.BY_TIME, Keys.prefix(DENIAL), true, (k, v) -> {
            Denial d = StoredJson.read(v, Denial.class);
            if (filter.test(d)) {
                out.add(d);
            }
            return out.size() < limit && ++seen[0] < scanAtMost;
        });
        return out;
    }
}
