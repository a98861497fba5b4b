package io.gmeye.hub.workitems;

import io.gmeye.hub.audit.AuditLog;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.ingest.Projection;
import io.gmeye.hub.log.Commands;
import io.gmeye.hub.registry.Registry;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.checkpoint.CheckpointAlert;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.inspection.InspectionEvent;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Inspection events and checkpoint alerts as work items. Agents' messages create and update them
 * (in the same write as the message); operators move them through their states, assign them and
 * add notes, each change in the item's trail and in the audit log in one write.
 */
public final class WorkItems {
    private static final String PREFIX = "workitem";

    /** What an operator asks: a state change, an assignee, a note; {@code version} guards against stale screens. */
    public record Action(String to, String assignee, String note, Integer version) {
    }

    /** A page of items, newest first. */
    public record ItemPage(long total, int offset, List<WorkItem> items, Map<WorkState, Long> byState) {
    }

    private static final String ACT = "workitem.act";
    private final Store store;
    private final Commands commands;
    private final AuditLog audit;
    private final Registry registry;
    private final WorkItemIndex index;
    private final Map<String, WorkItem> pending = new ConcurrentHashMap<>(); // message id -> item it made, until committed
    private final List<Consumer<WorkItem>> listeners = new CopyOnWriteArrayList<>();

    public WorkItems(Store store, Commands commands, AuditLog audit, Registry registry) {
        this.store = store;
        this.commands = commands;
        commands.on(ACT, Act.class, actions());
        this.audit = audit;
        this.registry = registry;
        this.index = new WorkItemIndex(registry.dictionary());
    }

    /** Loads the items into the index; blocking, at start. */
    public void load() {
        store.scan(Space.LATEST, Keys.prefix(PREFIX), false, (k, v) -> {
            index.put(StoredJson.read(v, WorkItem.class));
            return true;
        });
        index.sortByCreation();
    }

    /** Hears of every new or changed item after it is durable (on the store's writer thread). */
    public void onChange(Consumer<WorkItem> l) {
        listeners.add(l);
    }

    public int size() {
        return index.size();
    }

    /** Open items of a kind per camera or checkpoint. */
    public Map<String, Long> openBySource(WorkKind kind) {
        return index.openBySource(kind);
    }

    // ---- reads (blocking) ----

    public WorkItem get(String id) {
        byte[] b = store.get(Space.LATEST, Keys.of(PREFIX, id));
        return b == null ? null : StoredJson.read(b, WorkItem.class);
    }

    public ItemPage list(WorkQuery q) {
        WorkItemIndex.Result r = index.query(q);
        List<WorkItem> items = new ArrayList<>(r.ids().size());
        for (String id : r.ids()) {
            WorkItem w = get(id);
            if (w != null) {
                items.add(w.summary());
            }
        }
        return new ItemPage(r.total(), q.offset(), items, r.byState());
    }

    // ---- operators ----

    public CompletableFuture<WorkItem> act(Principal who, String id, Action a) {
        return act(who, id, a, null);
    }

    /**
     * An action taken only if the item is in state {@code from} when it is applied (409 with {@code refusal}
     * otherwise): a precondition as data, so it travels in the hub's log and every node judges it alike.
     */
    public CompletableFuture<WorkItem> act(Principal who, String id, Action a, Precondition from) {
        WorkState to = null;
        if (a.to() != null) {
            try {
                to = WorkState.of(a.to());
            } catch (IllegalArgumentException e) {
                return CompletableFuture.failedFuture(GmeyeException.badRequest("to: " + e.getMessage()));
            }
        }
        if (a.note() != null && (a.note().isBlank() || a.note().length() > 2000)) {
            return CompletableFuture.failedFuture(GmeyeException.badRequest("note: must be 1 to 2000 characters"));
        }
        if (a.assignee() != null && a.assignee().length() > 64) {
            return CompletableFuture.failedFuture(GmeyeException.badRequest("assignee: at most 64 characters"));
        }
        if (to == null && a.assignee() == null && a.note() == null) {
            return CompletableFuture.failedFuture(GmeyeException.badRequest("to, assignee, note: give at least one"));
        }
        String site = index.siteOf(id);
        if (site == null) {
            return CompletableFuture.failedFuture(GmeyeException.notFound("no work item " + id));
        }
        // keyed by the item's site: ordered with what its agent reports about the same item, on every node
        return commands.submit(ACT, site, new Act(who, id, a, from));
    }

    /** The state an item must be in for an action to apply, and the reason given when it is in another (by that state). */
    public record Precondition(String state, Map<String, String> refusals) {
    }

    /** An operator's action on an item, as it goes through the hub's log. */
    record Act(Principal who, String id, Action a, Precondition from) {
    }

    private Commands.Handler<Act, WorkItem> actions() {
        return Commands.handler((c, now, tx) -> {
            Principal who = c.who();
            String id = c.id();
            Action a = c.a();
            WorkState target = a.to() == null ? null : WorkState.of(a.to());
            byte[] prev = tx.get(Space.LATEST, Keys.of(PREFIX, id));
            if (prev == null) {
                throw GmeyeException.notFound("no work item " + id);
            }
            WorkItem w = StoredJson.read(prev, WorkItem.class);
            Access.site(who, w.site());
            if (c.from() != null && !w.state().wire().equals(c.from().state())) {
                throw new GmeyeException(ErrorKind.CONFLICT, c.from().refusals().getOrDefault(w.state().wire(),
                        "work item " + id + " is " + w.state().wire() + ", not " + c.from().state()));
            }
            if (a.version() != null && a.version() != w.version()) {
                throw new GmeyeException(ErrorKind.CONFLICT, "work item " + id + " changed since it was loaded (version " + a.version()
                        + ", now " + w.version() + " by " + w.trail().get(w.trail().size() - 1).actor() + "): reload it");
            }
            if (target != null && target != w.state() && !w.state().next().contains(target)) {
                throw new GmeyeException(ErrorKind.CONFLICT, "work item " + id + " cannot go from " + w.state().wire() + " to " + target.wire()
                        + "; it can go to " + w.state().next().stream().map(WorkState::wire).toList());
            }
            WorkState state = target == null ? w.state() : target;
            String assignee = a.assignee() == null ? w.assignee() : a.assignee().isBlank() ? null : a.assignee();
            String action = target != null && target != w.state() ? "transition" : a.assignee() != null ? "assign" : "note";
            WorkItem.Trail step = new WorkItem.Trail(now, who.name(), action, w.state().wire(), state.wire(),
                    a.note() != null ? a.note() : a.assignee() != null ? "assignee: " + (assignee == null ? "-" : assignee) : null);
            WorkItem.Note note = a.note() == null ? null : new WorkItem.Note(now, who.name(), a.note());
            WorkItem next = w.with(state, assignee, now, w.inspection(), w.alert(), note, step);
            tx.put(Space.LATEST, Keys.of(PREFIX, id), StoredJson.write(next));
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("from", w.state().wire());
            detail.put("to", state.wire());
            if (a.assignee() != null) {
                detail.put("assignee", assignee);
            }
            if (a.note() != null) {
                detail.put("note", a.note());
            }
            audit.record(tx, now, who.name(), "workitem." + action, "workitem:" + id, w.site(), detail);
            return next;
        }, (c, w) -> {
            changed(w);
        });
    }

    private void changed(WorkItem w) {
        index.put(w);
        for (Consumer<WorkItem> l : listeners) {
            l.accept(w);
        }
    }

    // ---- agents ----

    public Projection projection() {
        return new Projection() {
            @Override
            public Set<MessageType> types() {
                return Set.of(MessageType.INSPECTION_EVENT, MessageType.CHECKPOINT_ALERT);
            }

            @Override
            public void apply(Envelope<?> m, long receivedAt, WriteTx tx) {
                String id = m.body() instanceof InspectionEvent e ? "insp-" + e.eventId() : "alert-" + ((CheckpointAlert) m.body()).alertId();
                byte[] key = Keys.of(PREFIX, id);
                byte[] prev = tx.get(Space.LATEST, key);
                WorkItem before = prev == null ? null : StoredJson.read(prev, WorkItem.class);
                WorkItem next = m.body() instanceof InspectionEvent e ? inspection(id, m, e, before, receivedAt)
                        : alert(id, m, (CheckpointAlert) m.body(), before, receivedAt);
                if (next != before) {
                    tx.put(Space.LATEST, key, StoredJson.write(next));
                    pending.put(m.id(), next);
                }
            }

            @Override
            public void committed(Envelope<?> m, long receivedAt) {
                WorkItem w = pending.remove(m.id());
                if (w != null) {
                    changed(w);
                }
            }
        };
    }

    private WorkItem inspection(String id, Envelope<?> m, InspectionEvent e, WorkItem before, long at) {
        String actor = "agent:" + m.site();
        WorkItem.Inspection prior = before == null ? null : before.inspection();
        if (prior != null && e.updatedAt() < prior.updatedAt()) {
            return before; // a late copy of an older phase: keep the newer evidence
        }
        WorkItem.Inspection detail = new WorkItem.Inspection(e.eventId(), e.phase().wire(), e.startedAt(), e.updatedAt(), e.endedAt(),
                e.frameWidth(), e.frameHeight(), e.objects(),
                e.snapshots().isEmpty() && prior != null ? prior.snapshots() : e.snapshots(),
                e.clip() == null && prior != null ? prior.clip() : e.clip());
        if (before == null) {
            List<String> tags = merged(e.tags(), registry.cameraTags(e.camera()));
            return new WorkItem(id, WorkKind.INSPECTION, m.site(), e.camera(), null, e.scene(), e.sceneType(), tags, WorkState.NEW, null, 1, at, at,
                    detail, null, List.of(), List.of(new WorkItem.Trail(at, actor, "phase", null, e.phase().wire(), null)));
        }
        boolean phaseChanged = !e.phase().wire().equals(prior == null ? null : prior.phase());
        return before.with(before.state(), before.assignee(), at, detail, before.alert(), null,
                phaseChanged ? new WorkItem.Trail(at, actor, "phase", prior == null ? null : prior.phase(), e.phase().wire(), null) : null);
    }

    private WorkItem alert(String id, Envelope<?> m, CheckpointAlert a, WorkItem before, long at) {
        String actor = "agent:" + m.site();
        WorkItem.Alert detail = new WorkItem.Alert(a.alertId(), a.state().wire(), a.personMasked(), a.passId(), a.note(), a.healthCode(),
                a.temperature(), a.clip() == null && before != null && before.alert() != null ? before.alert().clip() : a.clip());
        if (before == null) {
            List<String> tags = alertTags(m, a);
            return new WorkItem(id, WorkKind.CHECKPOINT_ALERT, m.site(), null, a.checkpoint(), null, a.kind(), tags, WorkState.NEW, null, 1, at, at,
                    null, detail, List.of(), List.of(new WorkItem.Trail(at, actor, "field_state", null, a.state().wire(), a.note())));
        }
        String prior = before.alert() == null ? null : before.alert().fieldState();
        if (a.state().wire().equals(prior)) {
            return before;
        }
        return before.with(before.state(), before.assignee(), at, before.inspection(), detail, null,
                new WorkItem.Trail(at, actor, "field_state", prior, a.state().wire(), a.note()));
    }

    /** An alert's tags: its checkpoint's, its sentinel's and its site's, as the registry has them, so filters by area or street find it. */
    private List<String> alertTags(Envelope<?> m, CheckpointAlert a) {
        Set<String> s = new LinkedHashSet<>();
        var checkpoint = registry.checkpoint(a.checkpoint());
        if (checkpoint != null) {
            s.addAll(checkpoint.entry().tags());
        }
        var sentinel = registry.device(m.src());
        if (sentinel != null) {
            s.addAll(sentinel.entry().tags());
        }
        s.addAll(registry.siteTags(m.site()));
        return List.copyOf(s);
    }

    private static List<String> merged(List<String> a, List<String> b) {
        Set<String> s = new LinkedHashSet<>(a);
        s.addAll(b);
        return List.copyOf(s);
    }
}
