package io.gmeye.hub.checkpoint;

import io.gmeye.hub.ingest.Projection;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.checkpoint.CheckpointAlert;
import io.gmeye.protocols.checkpoint.CheckpointPass;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Checkpoint passes and alerts as the agents reported them. One pass per passId: the agent's
 * decision record and the turnstile's outcome (a second record with the same passId) merge into
 * it, and the pass is counted once ({@link CheckpointActivity}) in the same write. An alert is kept
 * as the gate raised it; where it stands with the operators is its work item's state, the one
 * state every route reads and changes ({@link CheckpointAlerts}).
 */
public final class CheckpointRecords {
    /** An alert as the gate raised it, with where it came from and when the hub heard of it. */
    public record StoredAlert(String site, CheckpointAlert alert, long discoveredAt) {
    }

    /** A pass as the hub keeps it. */
    public record StoredPass(String site, CheckpointPass pass, long receivedAt) {
    }

    private static final String PASS = "pass";
    private static final String ALERT = "alert";
    private final Store store;
    private final CheckpointActivity activity;

    public CheckpointRecords(Store store, CheckpointActivity activity) {
        this.store = store;
        this.activity = activity;
    }

    public Projection projection() {
        return new Projection() {
            @Override
            public Set<MessageType> types() {
                return Set.of(MessageType.CHECKPOINT_PASS, MessageType.CHECKPOINT_ALERT);
            }

            @Override
            public void apply(Envelope<?> m, long receivedAt, WriteTx tx) {
                if (m.body() instanceof CheckpointPass p) {
                    byte[] key = Keys.of(PASS, p.passId());
                    byte[] prev = tx.get(Space.LATEST, key);
                    CheckpointPass before = prev == null ? null : StoredJson.read(prev, StoredPass.class).pass();
                    CheckpointPass merged = before != null && p.outcome() == null ? before : p; // the outcome came first: keep it
                    tx.put(Space.LATEST, key, StoredJson.write(new StoredPass(m.site(), merged, receivedAt)));
                    activity.apply(m, before, tx);
                } else if (m.body() instanceof CheckpointAlert a) {
                    byte[] key = Keys.of(ALERT, a.alertId());
                    if (tx.get(Space.LATEST, key) == null) {
                        tx.put(Space.LATEST, key, StoredJson.write(new StoredAlert(m.site(), a, receivedAt)));
                    }
                }
            }

            @Override
            public void committed(Envelope<?> m, long receivedAt) {
                if (m.body() instanceof CheckpointPass) {
                    activity.committed(m);
                }
            }
        };
    }

    /** The alert as its gate raised it, or null. Blocking. */
    public StoredAlert alert(String alertId) {
        byte[] b = store.get(Space.LATEST, Keys.of(ALERT, alertId));
        return b == null ? null : StoredJson.read(b, StoredAlert.class);
    }

    /** Newest passes first (pass ids are ULIDs), optionally of one checkpoint. Blocking. */
    public List<StoredPass> passes(String checkpoint, int limit) {
        List<StoredPass> out = new ArrayList<>();
        store.scan(Space.LATEST, Keys.prefix(PASS), true, (k, v) -> {
            StoredPass p = StoredJson.read(v, StoredPass.class);
            if (checkpoint == null || checkpoint.equals(p.pass().checkpoint())) {
                out.add(p);
            }
            return out.size() < limit;
        });
        return out;
    }
}
