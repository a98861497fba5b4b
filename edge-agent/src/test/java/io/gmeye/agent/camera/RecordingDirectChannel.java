package io.gmeye.agent.camera;

import io.gmeye.agent.uplink.DirectChannel;
import io.gmeye.protocols.envelope.Envelope;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

/** Test collaborator: a direct channel that keeps what was sent, with the payload and QoS. */
public final class RecordingDirectChannel implements DirectChannel {
    public record Sent(Envelope<?> message, byte[] binary, int qos, long at) {
    }

    private final List<Sent> sent = new CopyOnWriteArrayList<>();
    private volatile boolean connected = true;

    @Override
    public CompletableFuture<Void> send(Envelope<?> message, byte[] binary, int qos) {
        if (!connected) {
            return CompletableFuture.failedFuture(new IllegalStateException("not connected"));
        }
        sent.add(new Sent(message, binary, qos, System.currentTimeMillis()));
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean connected() {
        return connected;
    }

    public void connected(boolean up) {
        connected = up;
    }

    public List<Sent> sent() {
        return List.copyOf(sent);
    }
}
