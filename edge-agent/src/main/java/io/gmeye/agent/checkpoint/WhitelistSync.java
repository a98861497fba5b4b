package io.gmeye.agent.checkpoint;

import io.gmeye.agent.outbox.Outbox;
import io.gmeye.agent.uplink.DownlinkHandler;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.config.WhitelistDelta;
import io.gmeye.protocols.config.WhitelistState;
import io.gmeye.protocols.envelope.Envelope;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the site's whitelist in step with the hub. Deltas arrive on
 * {@code gm/v1/{site}/down/whitelist.delta}; each is applied atomically off the event loop. After
 * a change the agent reports the version it holds (whitelist.state); when it sees a gap (a delta
 * from another version than it holds, a full list's part out of order) it asks for the whole
 * list (whitelist.state with resync).
 */
public final class WhitelistSync implements DownlinkHandler {
    private static final Logger LOG = LoggerFactory.getLogger(WhitelistSync.class);

    private final String site;
    private final WhitelistStore store;
    private final Outbox outbox;
    private final Executor writer;
    private final Clock clock;
    private final Metrics metrics;

    public WhitelistSync(String site, WhitelistStore store, Outbox outbox, Executor writer, Clock clock, Metrics metrics) {
        this.site = site;
        this.store = store;
        this.outbox = outbox;
        this.writer = writer;
        this.clock = clock;
        this.metrics = metrics;
    }

    /** The downlink handler for whitelist.delta: completes when the delta is applied (or judged a gap and a resync asked for). */
    @Override
    public CompletableFuture<Void> handle(Envelope<?> message) {
        return onDelta(message.as(WhitelistDelta.class).body()).thenApply(a -> null);
    }

    public CompletableFuture<WhitelistStore.Applied> onDelta(WhitelistDelta delta) {
        return CompletableFuture.supplyAsync(() -> store.apply(delta), writer).thenCompose(applied -> {
            metrics.count("gmeye.whitelist.deltas", "outcome", applied.outcome().name().toLowerCase());
            return switch (applied.outcome()) {
                case APPLIED -> report(false, null).thenApply(v -> applied);
                case GAP -> {
                    LOG.warn("whitelist: {}; asking the hub for the full list", applied.reason());
                    yield report(true, applied.reason()).thenApply(v -> applied);
                }
                default -> CompletableFuture.completedFuture(applied);
            };
        });
    }

    /** Tells the hub which version this agent holds; with {@code resync}, asks for the full list. */
    public CompletableFuture<Void> report(boolean resync, String reason) {
        var state = new WhitelistState(store.version(), store.entries(), resync, reason);
        return outbox.append(Envelope.create(site, "agent", clock.millis(), state)).thenApply(seq -> null);
    }

    /** At start: report what is held, and ask for the full list when nothing is. */
    public CompletableFuture<Void> announce() {
        return store.version() < 0 ? report(true, "holds no whitelist") : report(false, null);
    }

    /** For AgentHealth.whitelistVersion. */
    public LongSupplier versionSupplier() {
        return store::version;
    }
}
