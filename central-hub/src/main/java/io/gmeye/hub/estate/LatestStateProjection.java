package io.gmeye.hub.estate;

import io.gmeye.hub.ingest.Projection;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * A batched health message into the latest state of each entity it names (camera, device) and a
 * transition record whenever an entity's state changes, judged and stamped on the hub's clock.
 *
 * @param <H> one entity's health in the batch
 * @param <S> the stored status (site, health, since, updatedAt)
 */
final class LatestStateProjection<H, S> implements Projection {
    /** How one kind of entity is read and stored. */
    record Kind<H, S>(MessageType type, String name, Function<Body, List<H>> entries, Function<H, String> id,
                      Function<H, String> state, Function<H, String> reason, Class<S> statusClass, Function<S, String> statusState,
                      Function<S, Long> since, StatusMaker<H, S> make) {
    }

    @FunctionalInterface
    interface StatusMaker<H, S> {
        S make(String site, H health, long since, long updatedAt);
    }

    private final Kind<H, S> kind;
    private final Function<String, S> current;
    private final Consumer<S> publish;

    LatestStateProjection(Kind<H, S> kind, Function<String, S> current, Consumer<S> publish) {
        this.kind = kind;
        this.current = current;
        this.publish = publish;
    }

    @Override
    public Set<MessageType> types() {
        return Set.of(kind.type());
    }

    @Override
    public void apply(Envelope<?> m, long receivedAt, WriteTx tx) {
        for (H h : kind.entries().apply(m.body())) {
            String id = kind.id().apply(h);
            byte[] key = Keys.of(kind.name(), id);
            byte[] prev = tx.get(Space.LATEST, key);
            S before = prev == null ? null : EstateView.read(prev, kind.statusClass());
            String from = before == null ? null : kind.statusState().apply(before);
            String to = kind.state().apply(h);
            boolean changed = !to.equals(from);
            long since = changed ? receivedAt : kind.since().apply(before);
            tx.put(Space.LATEST, key, EstateView.write(kind.make().make(m.site(), h, since, receivedAt)));
            if (changed) {
                tx.put(Space.TRANSITIONS, Keys.timed(kind.name() + "|" + id, receivedAt, m.id()),
                        EstateView.write(new EstateProjections.Transition(id, m.site(), from, to, kind.reason().apply(h), receivedAt)));
            }
        }
    }

    @Override
    public void committed(Envelope<?> m, long receivedAt) {
        for (H h : kind.entries().apply(m.body())) {
            S before = current.apply(kind.id().apply(h));
            boolean same = before != null && kind.statusState().apply(before).equals(kind.state().apply(h));
            publish.accept(kind.make().make(m.site(), h, same ? kind.since().apply(before) : receivedAt, receivedAt));
        }
    }
}
