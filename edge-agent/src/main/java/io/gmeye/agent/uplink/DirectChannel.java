package io.gmeye.agent.uplink;

import io.gmeye.protocols.envelope.Envelope;
import java.util.concurrent.CompletableFuture;

/**
 * Sends to the hub now, around the outbox: for answers that are worthless later (a snapshot on
 * call, live-view frames). Fails at once with a reason when the hub is not connected.
 */
public interface DirectChannel {
    /**
     * @param binary a JPEG for binary types (the envelope then rides in a user property), else null
     * @param qos    0 for live frames, 1 for answers the caller waits for
     */
    CompletableFuture<Void> send(Envelope<?> message, byte[] binary, int qos);

    boolean connected();
}
