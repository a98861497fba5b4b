package io.gmeye.agent.uplink;

import io.gmeye.protocols.envelope.Envelope;
import java.util.concurrent.CompletableFuture;

/** Takes a non-command message from the hub (a config bundle, a whitelist delta). */
public interface DownlinkHandler {
    CompletableFuture<Void> handle(Envelope<?> message);
}
