package io.gmeye.hub.checkpoint;

import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.checkpoint.CheckpointPass;
import io.gmeye.protocols.checkpoint.PassDecision;
import io.gmeye.protocols.envelope.Envelope;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * Checkpoint passes counted per checkpoint, gate and hour, once per passId (an agent sends a
 * decision and an outcome record for each pass), and each denial indexed by time, both in the
 * same write as the pass. Fed by {@link CheckpointRecords}, which knows whether a passId is new.
 * The counts are kept in memory for the views.
 */
public final class CheckpointActivity {
    static final long HOUR = 3_600_000;
    private static final String TIMEOUT = "timeout";
    private static final String COUNT = "cphour";
    private static final String DENIAL = "cpdeny";

    private final Store store;
    private final Map<String, NavigableMap<Long, HourCount>> hours = new ConcurrentHashMap<>();
    private final Map<String, Counted> pending = new ConcurrentHashMap<>(); // message id -> what it counted, until committed
    private final List<BiConsumer<String, PassDecision>> listeners = new CopyOnWriteArrayList<>();

    private record Counted(HourCount hour, boolean newPass) {
    }

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

    /** Hears of each pass counted (once per passId: site, decision) after it is durable, on the store's writer thread. */
    public void onCounted(BiConsumer<String, PassDecision> listener) {
        listeners.add(listener);
    }

    /**
     * Counts a pass record in the write that stores it. {@code before} is the pass as stored before
     * this record, null when its passId is new: a pass is counted (allowed or denied, its gate, a
     * denial entry) the first time its passId is seen, whichever of the decision and the outcome
     * record comes first; a later record of the same pass adds only a timeout it reports.
     */
    void apply(Envelope<?> m, CheckpointPass before, WriteTx tx) {
        CheckpointPass p = (CheckpointPass) m.body();
        boolean timeout = TIMEOUT.equals(p.outcome()) && (before == null || !TIMEOUT.equals(before.outcome()));
        if (before != null && !timeout) {
            return;
        }
        long hour = Math.floorDiv(m.ts(), HOUR) * HOUR;
        byte[] key = Keys.of(COUNT, p.checkpoint(), Long.toString(hour));
        byte[] prev = tx.get(Space.LATEST, key);
        HourCount count = prev == null ? HourCount.empty(p.checkpoint(), hour) : StoredJson.read(prev, HourCount.class);
        boolean allow = p.decision() == PassDecision.ALLOW;
        HourCount next = before == null ? count.plus(allow, timeout, gate(p), p.reason()) : count.plusTimeout();
        tx.put(Space.LATEST, key, StoredJson.write(next));
        pending.put(m.id(), new Counted(next, before == null));
        if (before == null && !allow) {
            tx.put(Space.BY_TIME, Keys.timed(DENIAL, m.ts(), p.passId()), StoredJson.write(new Denial(m.ts(), m.site(), p.checkpoint(), gate(p),
                    p.reason(), p.healthCode(), p.personMasked(), p.passId())));
        }
    }

    void committed(Envelope<?> m) {
        Counted c = pending.remove(m.id());
        if (c == null) {
            return;
        }
        remember(c.hour());
        if (c.newPass()) {
            PassDecision d = ((CheckpointPass) m.body()).decision();
            listeners.forEach(l -> l.accept(m.site(), d));
        }
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
