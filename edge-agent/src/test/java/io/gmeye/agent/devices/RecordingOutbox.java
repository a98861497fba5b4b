package io.gmeye.agent.devices;

import io.gmeye.agent.outbox.Outbox;
import io.gmeye.agent.outbox.StateChange;
import io.gmeye.protocols.agent.OutboxStats;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.inspection.Snapshot;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Test collaborator standing in for the agent's outbox: keeps what was appended (and the exact
 * bytes the uplink would send), and can hold writes back to show that nothing is acknowledged
 * before the outbox completes.
 */
public final class RecordingOutbox implements Outbox {
    private final java.util.concurrent.ConcurrentSkipListMap<String, byte[]> state = new java.util.concurrent.ConcurrentSkipListMap<>();
    private final List<Envelope<?>> appended = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<Long>> held = new ArrayList<>();
    private final ByteArrayOutputStream wire = new ByteArrayOutputStream();
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final AtomicLong seq = new AtomicLong();
    private volatile boolean holding;

    @Override
    public CompletableFuture<Long> append(Envelope<?> message) {
        long s = seq.incrementAndGet();
        appended.add(message.withSeq(s));
        synchronized (wire) {
            wire.writeBytes(codec.encode(message.withSeq(s)));
        }
        synchronized (held) {
            if (holding) {
                CompletableFuture<Long> f = new CompletableFuture<>();
                held.add(f);
                return f.thenApply(x -> s);
            }
        }
        return CompletableFuture.completedFuture(s);
    }

    @Override
    public CompletableFuture<Long> appendSnapshot(Envelope<Snapshot> header, byte[] jpeg) {
        return append(header);
    }

    @Override
    public CompletableFuture<Long> append(Envelope<?> message, StateChange change) {
        if (change.removes()) {
            state.remove(change.key());
        } else {
            state.put(change.key(), change.value());
        }
        change.forget().forEach(state::remove);
        return append(message);
    }

    @Override
    public java.util.Map<String, byte[]> state(String prefix) {
        return new java.util.TreeMap<>(state.subMap(prefix, prefix + Character.MAX_VALUE));
    }

    @Override
    public OutboxStats stats() {
        return new OutboxStats(appended.size(), 0, 0, Map.of(), 0);
    }

    public void hold() {
        synchronized (held) {
            holding = true;
        }
    }

    public void release() {
        synchronized (held) {
            holding = false;
            held.forEach(f -> f.complete(0L));
            held.clear();
        }
    }

    public List<Envelope<?>> appended() {
        return List.copyOf(appended);
    }

    public <B> List<B> bodies(Class<B> type) {
        return appended.stream().map(Envelope::body).filter(type::isInstance).map(type::cast).toList();
    }

    /** Everything appended, as the JSON bytes the uplink would carry. */
    public byte[] wireBytes() {
        synchronized (wire) {
            return wire.toByteArray();
        }
    }
}
