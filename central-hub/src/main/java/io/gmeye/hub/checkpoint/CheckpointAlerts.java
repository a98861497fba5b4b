package io.gmeye.hub.checkpoint;

import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.workitems.WorkItem;
import io.gmeye.hub.workitems.WorkItems;
import io.gmeye.hub.workitems.WorkKind;
import io.gmeye.hub.workitems.WorkQuery;
import io.gmeye.hub.workitems.WorkState;
import io.gmeye.protocols.checkpoint.AlertState;
import io.gmeye.protocols.checkpoint.CheckpointAlert;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A checkpoint alert's one state. The four-end linkage names its steps discovered → warned →
 * verified → disposed; the operators' queue names them new → acknowledged → dispatched → resolved
 * (or false_positive). They are one state, kept in the alert's work item ({@code alert-ALERTID}):
 * a state change through the alerts route moves the work item (trail, audit, live stream), a work
 * item action moves the alert, and the alert list, the console and the wall read the same record.
 */
public final class CheckpointAlerts {
    /**
     * An alert as the API shows it: the gate's record, its state in the linkage's words and the
     * queue's, and the work item that holds it.
     *
     * @param note the latest operator note, if any
     */
    public record AlertView(String site, CheckpointAlert alert, AlertState state, String workItem, WorkState workState, String assignee,
                            long discoveredAt, long updatedAt, String note) {
    }

    private final WorkItems items;
    private final CheckpointRecords records;

    public CheckpointAlerts(WorkItems items, CheckpointRecords records) {
        this.items = items;
        this.records = records;
    }

    /** The work item state that is this alert state. */
    public static WorkState workState(AlertState s) {
        return switch (s) {
            case DISCOVERED -> WorkState.NEW;
            case WARNED -> WorkState.ACKNOWLEDGED;
            case VERIFIED -> WorkState.DISPATCHED;
            case DISPOSED -> WorkState.RESOLVED;
        };
    }

    /** The alert state that is this work item state (a false positive is disposed of too). */
    public static AlertState alertState(WorkState s) {
        return switch (s) {
            case NEW -> AlertState.DISCOVERED;
            case ACKNOWLEDGED -> AlertState.WARNED;
            case DISPATCHED -> AlertState.VERIFIED;
            case RESOLVED, FALSE_POSITIVE -> AlertState.DISPOSED;
        };
    }

    static String workItemId(String alertId) {
        return "alert-" + alertId;
    }

    /** Newest alerts first that {@code who} may see, optionally only those in one state. Blocking. */
    public List<AlertView> list(Principal who, AlertState state, int limit) {
        Set<WorkState> states = state == null ? Set.of()
                : state == AlertState.DISPOSED ? EnumSet.of(WorkState.RESOLVED, WorkState.FALSE_POSITIVE) : EnumSet.of(workState(state));
        WorkQuery q = new WorkQuery(who.scope(), null, WorkKind.CHECKPOINT_ALERT, states, null, null, null, null, null, null,
                Long.MIN_VALUE, Long.MAX_VALUE, 0, limit);
        return items.list(q).items().stream().map(this::view).toList();
    }

    /**
     * Moves an alert one step on (discovered → warned → verified → disposed) by moving its work
     * item, checked against the work item's state inside the same write.
     */
    public CompletableFuture<WorkItem> advance(Principal who, String alertId, AlertState to, String note) {
        WorkItems.Action step = new WorkItems.Action(workState(to).wire(), null, note, null);
        if (to == AlertState.DISCOVERED) {
            return CompletableFuture.failedFuture(new GmeyeException(ErrorKind.CONFLICT, "alert " + alertId
                    + " cannot move to discovered: an alert starts there"));
        }
        AlertState before = AlertState.values()[to.ordinal() - 1];
        Map<String, String> refusals = new LinkedHashMap<>();
        for (WorkState s : WorkState.values()) {
            AlertState now = alertState(s);
            refusals.put(s.wire(), "alert " + alertId + " is " + now.wire() + "; it can only move to "
                    + (now == AlertState.DISPOSED ? "nothing (it is closed)" : AlertState.values()[now.ordinal() + 1].wire()));
        }
        // judged where the action is applied (in the log's order), against the work item's state then
        return items.act(who, workItemId(alertId), step, new WorkItems.Precondition(workState(before).wire(), refusals));
    }

    /** The API's view of an alert's work item. Blocking (reads the gate's record). */
    public AlertView view(WorkItem w) {
        CheckpointRecords.StoredAlert a = w.alert() == null ? null : records.alert(w.alert().alertId());
        String note = w.notes().isEmpty() ? null : w.notes().get(w.notes().size() - 1).text();
        return new AlertView(w.site(), a == null ? null : a.alert(), alertState(w.state()), w.id(), w.state(), w.assignee(),
                a == null ? w.createdAt() : a.discoveredAt(), w.updatedAt(), note);
    }
}
