package io.gmeye.hub.ingest;

import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import java.util.Set;

/**
 * Turns stored messages into state: latest values, transitions, indexes. {@link #apply} writes
 * in the same atomic write as the message itself, so state never disagrees with the log;
 * {@link #committed} updates in-memory views once that write is durable.
 */
public interface Projection {
    Set<MessageType> types();

    /** @param receivedAt hub clock at receipt: online/offline and ages are judged on the hub's clock */
    void apply(Envelope<?> message, long receivedAt, WriteTx tx);

    default void committed(Envelope<?> message, long receivedAt) {
    }

    /** A projection that writes nothing and only updates memory once the message is durable. */
    static Projection afterCommit(Set<MessageType> types, java.util.function.ObjLongConsumer<Envelope<?>> committed) {
        return new Projection() {
            @Override
            public Set<MessageType> types() {
                return types;
            }

            @Override
            public void apply(Envelope<?> message, long receivedAt, WriteTx tx) {
            }

            @Override
            public void committed(Envelope<?> message, long receivedAt) {
                committed.accept(message, receivedAt);
            }
        };
    }
}
