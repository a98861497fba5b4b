package io.gmeye.agent.siteconfig;

import io.gmeye.agent.outbox.Outbox;
import io.gmeye.agent.uplink.DownlinkHandler;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.config.ConfigBundle;
import io.gmeye.protocols.envelope.Envelope;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes a config.bundle from the hub: check it whole (refused with the reason, nothing changed),
 * keep it in the data dir, then apply it to the running features. Bundles are handled one at a
 * time on their own thread (stopping grabbers and reloading models blocks). The answer is a
 * command.result whose id is the bundle's message id and whose result names the version, so the
 * hub knows which push it answers; the heartbeat carries {@link #version()} as well.
 */
public final class SiteConfigHandler implements DownlinkHandler, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(SiteConfigHandler.class);
    public static final String VERSION_KEY = "configVersion";

    /** Brings the running features in line with a checked setup. */
    public interface Applier {
        void apply(SiteSetup setup) throws Exception;
    }

    private final String site;
    private final BundleCheck check;
    private final SiteConfigFile file;
    private final Applier applier;
    private final Outbox outbox;
    private final Metrics metrics;
    private final AtomicLong version;
    private final CompletableFuture<Void> ready = new CompletableFuture<>();
    private final ExecutorService worker = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "site-config");
        t.setDaemon(true);
        return t;
    });

    /** @param version the version the agent runs now (from its data dir), 0 for agent.yaml's */
    public SiteConfigHandler(String site, BundleCheck check, SiteConfigFile file, Applier applier, Outbox outbox, Metrics metrics,
                             long version) {
        this.site = site;
        this.check = check;
        this.file = file;
        this.applier = applier;
        this.outbox = outbox;
        this.metrics = metrics;
        this.version = new AtomicLong(version);
    }

    /** Bundles that arrive while the agent is still starting wait until its features run. */
    public void ready() {
        ready.complete(null);
    }

    /** The hub configuration version the agent runs, 0 for its own file's. */
    public long version() {
        return version.get();
    }

    @Override
    public CompletableFuture<Void> handle(Envelope<?> message) {
        ConfigBundle b = (ConfigBundle) message.body();
        CompletableFuture<Outcome> taken;
        try {
            taken = CompletableFuture.supplyAsync(() -> take(b), worker);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            return CompletableFuture.failedFuture(new IllegalStateException("the agent is stopping; version " + b.version() + " not taken"));
        }
        return taken
                .thenCompose(r -> outbox.append(Envelope.create(site, "agent",
                        new CommandResult(message.id(), r.status, r.message, Map.of(VERSION_KEY, b.version())))))
                .thenApply(seq -> null);
    }

    private record Outcome(CommandStatus status, String message) {
    }

    private Outcome take(ConfigBundle b) {
        ready.join();
        long running = version.get();
        if (b.version() == running) {
            return new Outcome(CommandStatus.SUCCEEDED, "version " + running + " already runs");
        }
        if (b.version() < running) {
            return refuse(b, "version " + b.version() + " is older than version " + running + " that this agent runs");
        }
        SiteSetup setup;
        try {
            setup = check.check(b);
        } catch (RuntimeException e) {
            return refuse(b, e.getMessage());
        }
        try {
            file.save(b);
        } catch (RuntimeException e) {
            return refuse(b, e.getMessage());
        }
        try {
            applier.apply(setup);
        } catch (Exception e) {
            // checked beforehand, so this is the box failing (a thread, a model file): kept, and tried again at the next start
            LOG.error("configuration version {} kept but not fully applied: {}", b.version(), e.toString());
            metrics.count("gmeye.siteconfig.bundles", "outcome", "apply_failed");
            version.set(b.version());
            return new Outcome(CommandStatus.FAILED, "kept, but applying it failed: " + e.getMessage());
        }
        version.set(b.version());
        metrics.count("gmeye.siteconfig.bundles", "outcome", "applied");
        LOG.info("configuration version {} applied: {} cameras, {} devices, {} scenes", b.version(), setup.cameras().size(),
                setup.devices().size(), setup.scenes().size());
        return new Outcome(CommandStatus.SUCCEEDED, null);
    }

    private Outcome refuse(ConfigBundle b, String reason) {
        metrics.count("gmeye.siteconfig.bundles", "outcome", "refused");
        LOG.warn("configuration version {} refused: {}", b.version(), reason);
        return new Outcome(CommandStatus.FAILED, reason);
    }

    @Override
    public void close() {
        worker.shutdown();
        try {
            worker.awaitTermination(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
