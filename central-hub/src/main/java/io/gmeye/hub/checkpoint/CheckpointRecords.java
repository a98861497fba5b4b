package io.gmeye.hub.checkpoint;

import io.gmeye.hub.audit.AuditLog;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.ingest.Projection;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.WriteJob;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.checkpoint.AlertState;
import io.gmeye.protocols.checkpoint.CheckpointAlert;
import io.gmeye.protocols.checkpoint.CheckpointPass;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Checkpoint passes and alerts at the hub. One pass per passId: the agent's decision record and
 * the turnstile's outcome (a second record with the same passId) merge into it. An alert starts
 * discovered at the gate and is moved by operators through warned, verified, disposed, one step
 * at a time; a replayed "discovered" never moves it back. Each step is kept as a transition.
 */
public final class CheckpointRecords {
    /** An alert as the hub keeps it: the agent's record, where it came from, its current state and who moved it last. */
    public record StoredAlert(String site, CheckpointAlert alert, AlertState state, long discoveredAt, long updatedAt, String note) {
    }

    /** A pass as the hub keeps it. */
    public record StoredPass(String site, CheckpointPass pass, long receivedAt) {
    }

    private static final String PASS = "pass";
    private static final String ALERT = "alert";
    private final Store store;

    private AuditLog audit;

    /** Alert state changes are operator actions: they go into the audit log, in the same write. */
    public CheckpointRecords audited(AuditLog log) {
        this.audit = log;
        return this;
    }

    public CheckpointRecords(Store store) {
        this.store = store;
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
                    CheckpointPass merged = p;
                    if (prev != null && p.outcome() == null) {
                        merged = StoredJson.read(prev, StoredPass.class).pass(); // the outcome came first: keep it
                    }
                    tx.put(Space.LATEST, key, StoredJson.write(new StoredPass(m.site(), merged, receivedAt)));
                } else if (m.body() instanceof CheckpointAlert a) {
                    byte[] key = Keys.of(ALERT, a.alertId());
                    if (tx.get(Space.LATEST, key) == null) {
                        tx.put(Space.LATEST, key, StoredJson.write(new StoredAlert(m.site(), a, AlertState.DISCOVERED, receivedAt, receivedAt, a.note())));
                        tx.put(Space.TRANSITIONS, Keys.timed(ALERT + "|" + a.alertId(), receivedAt, AlertState.DISCOVERED.wire()),
                                StoredJson.write(new StoredAlert(m.site(), a, AlertState.DISCOVERED, receivedAt, receivedAt, a.note())));
                    }
                }
            }
        };
    }

    /** Moves an alert one step on: discovered → warned → verified → disposed. */
    public CompletableFuture<StoredAlert> advance(String alertId, AlertState to, String note, long now, String actor) {
        return store.write(new WriteJob<StoredAlert>() {
            @Override
            public StoredAlert apply(WriteTx tx) {
                byte[] key = Keys.of(ALERT, alertId);
                byte[] prev = tx.get(Space.LATEST, key);
                if (prev == null) {
                    throw GmeyeException.notFound("no checkpoint alert " + alertId);
                }
                StoredAlert a = StoredJson.read(prev, StoredAlert.class);
                if (to.ordinal() != a.state().ordinal() + 1) {
                    throw new GmeyeException(ErrorKind.CONFLICT, "alert " + alertId + " is " + a.state().wire() + "; it can only move to "
                            + (a.state() == AlertState.DISPOSED ? "nothing (it is closed)" : AlertState.values()[a.state().ordinal() + 1].wire()));
                }
                StoredAlert next = new StoredAlert(a.site(), a.alert(), to, a.discoveredAt(), now, note);
                tx.put(Space.LATEST, key, StoredJson.write(next));
                tx.put(Space.TRANSITIONS, Keys.timed(ALERT + "|" + alertId, now, to.wire()), StoredJson.write(next));
                if (audit != null) {
                    audit.record(tx, now, actor, "checkpoint.alert." + to.wire(), alertId, a.site(), note == null ? Map.of() : Map.of("note", note));
                }
                return next;
            }
        });
    }

    /** Newest alerts first, optionally only those in one state. Blocking. */
    public List<StoredAlert> alerts(AlertState state, int limit) {
        List<StoredAlert> out = new ArrayList<>();
        store.scan(Space.LATEST, Keys.prefix(ALERT), true, (k, v) -> {
            StoredAlert a = StoredJson.read(v, StoredAlert.class);
            if (state == null || a.state() == state) {
                out.add(a);
            }
            return out.size() < limit;
        });
        return out;
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
