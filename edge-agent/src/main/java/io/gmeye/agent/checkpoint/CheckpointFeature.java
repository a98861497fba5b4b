package io.gmeye.agent.checkpoint;

import io.gmeye.agent.camera.clip.ClipRequests;
import io.gmeye.agent.devices.DevicesFeature;
import io.gmeye.agent.outbox.Outbox;
import io.gmeye.platform.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.LongSupplier;

/**
 * Smart checkpoints: the whitelist store and its sync with the hub, and the gates that decide
 * sentinel scans. Needs the devices feature (sentinels and turnstiles are devices). Wire
 * {@link #whitelist()}'s {@code onDelta} to the downlink {@code whitelist.delta} and
 * {@link #whitelistVersion()} to AgentHealth.
 */
public final class CheckpointFeature {
    private final ExecutorService writer;
    private final WhitelistStore store;
    private final WhitelistSync sync;
    private final CheckpointService gates;
    private final Vertx vertx;

    public CheckpointFeature(String site, Vertx vertx, Outbox outbox, Clock clock, Metrics metrics, CheckpointConfig config,
                             DevicesFeature devices, Path root) {
        this(site, vertx, outbox, clock, metrics, config, devices, root, ClipRequests.NONE);
    }

    /** @param clips where an alert at a checkpoint with a camera asks for its clip */
    public CheckpointFeature(String site, Vertx vertx, Outbox outbox, Clock clock, Metrics metrics, CheckpointConfig config,
                             DevicesFeature devices, Path root, ClipRequests clips) {
        this.vertx = vertx;
        this.writer = Executors.newSingleThreadExecutor(named("whitelist-writer"));
        this.store = WhitelistStore.open(root.resolve(config.whitelistDir()));
        this.sync = new WhitelistSync(site, store, outbox, writer, clock, metrics);
        this.gates = new CheckpointService(site, vertx, devices.registry(), store, devices.links(), devices.ingest(), outbox, clock,
                metrics, config, clips);
        metrics.gauge("gmeye.whitelist.version", store::version);
        metrics.gauge("gmeye.whitelist.entries", store::entries);
    }

    public Future<?> start() {
        return gates.resume().compose(n -> Future.fromCompletionStage(sync.announce()));
    }

    /** Lets a delta being applied finish, then closes the store (off the event loop). */
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            writer.shutdown();
            writer.awaitTermination(30, java.util.concurrent.TimeUnit.SECONDS);
            store.close();
            return null;
        });
    }

    public WhitelistSync whitelist() {
        return sync;
    }

    public LongSupplier whitelistVersion() {
        return sync.versionSupplier();
    }

    public CheckpointService gates() {
        return gates;
    }

    private static java.util.concurrent.ThreadFactory named(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
