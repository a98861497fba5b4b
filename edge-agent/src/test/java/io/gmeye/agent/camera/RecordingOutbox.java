package io.gmeye.agent.camera;

import io.gmeye.agent.outbox.Outbox;
import io.gmeye.agent.outbox.StateChange;
import io.gmeye.protocols.agent.OutboxStats;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraHealthBatch;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.inspection.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test collaborator: an outbox that keeps what was appended in memory, so tests read what would reach the hub. */
public final class RecordingOutbox implements Outbox {
    private final List<Envelope<?>> messages = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Long> append(Envelope<?> message) {
        messages.add(message);
        return CompletableFuture.completedFuture((long) messages.size());
    }

    @Override
    public CompletableFuture<Long> appendSnapshot(Envelope<Snapshot> header, byte[] jpeg) {
        return append(header);
    }

    @Override
    public CompletableFuture<Long> append(Envelope<?> message, StateChange change) {
        throw new UnsupportedOperationException("camera keeps no state in the outbox");
    }

    @Override
    public java.util.Map<String, byte[]> state(String prefix) {
        return java.util.Map.of();
    }

    @Override
    public OutboxStats stats() {
        return new OutboxStats(messages.size(), 0, 0, null, 0);
    }

    public List<Envelope<?>> messages() {
        return List.copyOf(messages);
    }

    public List<CameraHealthBatch> healthBatches() {
        List<CameraHealthBatch> out = new ArrayList<>();
        for (Envelope<?> e : messages) {
            if (e.body() instanceof CameraHealthBatch b) {
                out.add(b);
            }
        }
        return out;
    }

    /** A camera's newest health as the hub would have it from the batches so far. */
    public Optional<CameraHealth> newest(String camera) {
        CameraHealth last = null;
        for (CameraHealthBatch b : healthBatches()) {
            for (CameraHealth h : b.cameras()) {
                if (h.camera().equals(camera)) {
                    last = h;
                }
            }
        }
        return Optional.ofNullable(last);
    }
}
