package io.gmeye.agent.inspection;

import io.gmeye.agent.outbox.Outbox;
import io.gmeye.agent.outbox.StateChange;
import io.gmeye.protocols.agent.OutboxStats;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.inspection.Snapshot;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;

/** Test collaborator standing in for the agent's outbox: records what inspection appends, in order, with when. */
public final class RecordingOutbox implements Outbox {
    public record Appended(Envelope<?> envelope, byte[] jpeg, long atMillis) {
    }

    private final AtomicLong seq = new AtomicLong();
    public final List<Appended> appended = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Long> append(Envelope<?> message) {
        long s = seq.incrementAndGet();
        appended.add(new Appended(message.withSeq(s), null, System.currentTimeMillis()));
        return CompletableFuture.completedFuture(s);
    }

    @Override
    public CompletableFuture<Long> appendSnapshot(Envelope<Snapshot> header, byte[] jpeg) {
        long s = seq.incrementAndGet();
        appended.add(new Appended(header.withSeq(s), jpeg, System.currentTimeMillis()));
        return CompletableFuture.completedFuture(s);
    }

    @Override
    public CompletableFuture<Long> append(Envelope<?> message, StateChange change) {
        throw new UnsupportedOperationException("inspection keeps no state in the outbox");
    }

    @Override
    public java.util.Map<String, byte[]> state(String prefix) {
        return java.util.Map.of();
    }

    @Override
    public OutboxStats stats() {
        return new OutboxStats(appended.size(), appended.stream().mapToLong(a -> a.jpeg() == null ? 0 : a.jpeg().length).sum(), 0, null, 0);
    }
}
