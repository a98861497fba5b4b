package io.gmeye.agent.checkpoint;

import io.gmeye.agent.camera.clip.ClipRequests;
import io.gmeye.agent.devices.DeviceLink;
import io.gmeye.agent.devices.ingest.DeviceEventIn;
import io.gmeye.agent.devices.ingest.DeviceIngest;
import io.gmeye.agent.devices.registry.DeviceRegistry;
import io.gmeye.agent.outbox.Outbox;
import io.gmeye.agent.outbox.StateChange;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.checkpoint.AlertState;
import io.gmeye.protocols.checkpoint.CheckpointAlert;
import io.gmeye.protocols.checkpoint.CheckpointPass;
import io.gmeye.protocols.checkpoint.PassDecision;
import io.gmeye.protocols.device.DeviceCommandMessage;
import io.gmeye.protocols.device.DeviceWire;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.Ulid;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gate: a sentinel's scan in, the paired turnstile's command out, records upstream.
 * scan (its reference hashed at the ingest: the raw one goes no further) → look the person up (in memory)
 * → decide → command the turnstile at once → store the pass record (and an alert for a
 * red or yellow code, a fever, a listed person) → acknowledge the sentinel. The outcome is what
 * the turnstile was actually told, for an open and a deny alike: a second pass record with the
 * same passId (the hub keeps one pass per passId) says {@code passed} or {@code timeout} (its report
 * after an open), {@code denied} (it acknowledged the deny), {@code unreachable} (not connected, or
 * the command did not reach it) or {@code no_report} (nothing within the turnstile timeout); a
 * turnstile not connected at the scan gets one record, {@code unreachable}. Works the same with the uplink down: records wait
 * in the outbox. A pass waiting for its turnstile is kept in the outbox's durable state, written
 * with the decision record and removed with the outcome record (each one write), so a crash in
 * between cannot lose the outcome: {@link #resume()} ends what a previous run left open.
 */
public final class CheckpointService {
    private record Pending(CheckpointPass pass, long timer) {
    }

    static final String KEPT = "checkpoint.pass/";
    static final String RESTARTED = "agent restarted before the turnstile reported";
    static final String UNREACHABLE = "unreachable";
    static final String DENIED = "denied";
    static final String NO_REPORT = "no_report";

    private final String site;
    private final Vertx vertx;
    private final CheckpointGates gates;
    private final WhitelistStore whitelist;
    private final DeviceLink links;
    private final Outbox outbox;
    private final Clock clock;
    private final Metrics metrics;
    private final CheckpointConfig config;
    private final ClipRequests clips;
    private final Map<String, Pending> awaitingTurnstile = new ConcurrentHashMap<>();

    public CheckpointService(String site, Vertx vertx, DeviceRegistry registry, WhitelistStore whitelist, DeviceLink links,
                             DeviceIngest ingest, Outbox outbox, Clock clock, Metrics metrics, CheckpointConfig config, ClipRequests clips) {
        this.clips = clips;
        this.site = site;
        this.vertx = vertx;
        this.gates = new CheckpointGates(registry);
        this.whitelist = whitelist;
        this.links = links;
        this.outbox = outbox;
        this.clock = clock;
        this.metrics = metrics;
        this.config = config;
        ingest.handleEvents(DeviceWire.SCAN, this::onScan);
        ingest.handleEvents(DeviceWire.PASSED, this::onTurnstileReport);
        ingest.handleEvents(DeviceWire.TIMEOUT, this::onTurnstileReport);
    }

    private CompletableFuture<Void> onScan(DeviceRegistry.Known sentinel, DeviceEventIn event, long receivedAt) {
        long t0 = System.nanoTime();
        if (!CheckpointGates.SENTINEL.equals(sentinel.type().type())) {
            return CompletableFuture.failedFuture(GmeyeException.forbidden(sentinel.id() + " is a " + sentinel.type().type() + ", not a sentinel"));
        }
        String turnstile = gates.turnstileFor(sentinel).orElse(null);
        if (turnstile == null) {
            return CompletableFuture.failedFuture(GmeyeException.badRequest(sentinel.id() + " belongs to no checkpoint with a turnstile"));
        }
        Scan scan = Scan.from(event); // hashed and checked at the ingest: the raw reference never got this far
        var listing = whitelist.lookup(scan.personHash()); // in memory: no wait, no thread hop
        return decided(sentinel, turnstile, scan, GateDecision.decide(scan, listing, config.feverCelsius(), receivedAt), receivedAt, t0);
    }

    private CompletableFuture<Void> decided(DeviceRegistry.Known sentinel, String turnstile, Scan scan, GateDecision d, long receivedAt,
                                            long t0) {
        String passId = Ulid.next(receivedAt);
        boolean allow = d.decision() == PassDecision.ALLOW;
        long expires = receivedAt + config.turnstileTimeout().toMillis();
        var command = new DeviceCommandMessage(passId, allow ? DeviceWire.OPEN : DeviceWire.DENY,
                Map.of("passId", passId, "person", scan.personMasked()), expires);
        // an open or a deny is only what the turnstile was told: one it cannot be told ends the pass unreachable at once
        boolean reachable = links.reachable(turnstile);
        String reason = reachable ? d.reason() : d.reason() + "; turnstile " + turnstile + " is not connected";
        long latencyNanos = System.nanoTime() - t0;
        metrics.time("gmeye.checkpoint.decision", latencyNanos, "decision", d.decision().wire());
        metrics.count("gmeye.checkpoint.scans", "decision", d.decision().wire(), "reason", d.alertKind() == null ? "list" : d.alertKind());
        CheckpointPass pass = new CheckpointPass(passId, sentinel.entry().checkpoint(), sentinel.id(), turnstile, scan.credential(),
                scan.personHash(), scan.personMasked(), scan.healthCode(), scan.temperature(), d.decision(), reason, whitelist.version(),
                latencyNanos / 1_000_000, reachable ? null : UNREACHABLE);
        if (!reachable) {
            metrics.count("gmeye.checkpoint.outcomes", "outcome", UNREACHABLE);
        }
        List<CompletableFuture<Long>> writes = new ArrayList<>(2);
        Envelope<CheckpointPass> record = Envelope.create(site, sentinel.id(), receivedAt, pass);
        if (reachable) {
            long timer = vertx.setTimer(config.turnstileTimeout().toMillis(), t -> outcome(passId, NO_REPORT,
                    allow ? null : "turnstile " + turnstile + " did not acknowledge the deny within " + config.turnstileTimeout().toMillis() + " ms"));
            awaitingTurnstile.put(passId, new Pending(pass, timer));
            // the decision (and the kept pass) is queued before the command goes out, so its outcome is always written after it
            writes.add(outbox.append(record, StateChange.putJson(KEPT + passId, pass)));
            links.send(turnstile, DeviceIngest.encode(command)) // not waited for: the gate must not wait on the record's write
                    .whenComplete((v, err) -> {
                        if (err != null) {
                            outcome(passId, UNREACHABLE, "turnstile " + turnstile + " did not take the command: " + GmeyeException.of(err).reason());
                        } else if (!allow) {
                            outcome(passId, DENIED, null); // a deny is done once the turnstile has it; an open waits for passed or timeout
                        }
                    });
        } else {
            writes.add(outbox.append(record));
        }
        if (d.alertKind() != null) {
            String alertId = Ulid.next(receivedAt);
            String checkpoint = sentinel.entry().checkpoint();
            var alert = new CheckpointAlert(alertId, checkpoint, AlertState.DISCOVERED, d.alertKind(),
                    scan.personHash(), scan.personMasked(), passId, d.reason(), scan.healthCode(), scan.temperature(),
                    clips.requestAtCheckpoint(alertId, checkpoint, receivedAt).orElse(null)); // who forced the gate, on video
            writes.add(outbox.append(Envelope.create(site, sentinel.id(), receivedAt, alert)));
        }
        return CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new));
    }

    private CompletableFuture<Void> onTurnstileReport(DeviceRegistry.Known turnstile, DeviceEventIn event, long receivedAt) {
        String passId = event.text("passId");
        Pending p = passId == null ? null : awaitingTurnstile.get(passId);
        if (p == null || !p.pass().turnstile().equals(turnstile.id()) || p.pass().decision() != PassDecision.ALLOW) {
            return CompletableFuture.failedFuture(GmeyeException.badRequest("data.passId: '" + passId + "' is not an open waiting at " + turnstile.id()));
        }
        return outcome(passId, event.name(), null);
    }

    /** Ends a waiting pass once: the first of report, delivery, failure and timer wins. {@code why} is added to the reason. */
    private CompletableFuture<Void> outcome(String passId, String outcome, String why) {
        Pending p = awaitingTurnstile.remove(passId);
        if (p == null) {
            return CompletableFuture.completedFuture(null);
        }
        vertx.cancelTimer(p.timer());
        return ended(p.pass(), outcome, why == null ? p.pass().reason() : p.pass().reason() + "; " + why);
    }

    /** The outcome record, and the kept pass removed, in one write. */
    private CompletableFuture<Void> ended(CheckpointPass x, String outcome, String reason) {
        metrics.count("gmeye.checkpoint.outcomes", "outcome", outcome);
        CheckpointPass done = new CheckpointPass(x.passId(), x.checkpoint(), x.sentinel(), x.turnstile(), x.credentialKind(), x.personHash(),
                x.personMasked(), x.healthCode(), x.temperature(), x.decision(), reason, x.whitelistVersion(), x.latencyMs(), outcome);
        return outbox.append(Envelope.create(site, x.turnstile(), clock.millis(), done), StateChange.remove(KEPT + x.passId()))
                .thenApply(seq -> null);
    }

    /**
     * Ends the passes a previous run of the agent left waiting for their turnstile: the report it
     * would have taken went to a process that is gone, so each gets its outcome record now
     * ({@code no_report}, with the reason), and the hub keeps no pass open. Reads RocksDB off the event loop.
     */
    public Future<Integer> resume() {
        return vertx.executeBlocking(() -> outbox.state(KEPT), false).compose(kept -> {
            List<CompletableFuture<Void>> writes = new ArrayList<>(kept.size());
            for (byte[] v : kept.values()) {
                CheckpointPass x = StateChange.read(v, CheckpointPass.class);
                writes.add(ended(x, NO_REPORT, x.reason() + "; " + RESTARTED));
            }
            return Future.fromCompletionStage(CompletableFuture.allOf(writes.toArray(CompletableFuture[]::new))).map(kept.size());
        });
    }

    /** Passes whose turnstile has not reported an open or acknowledged a deny yet. */
    public int awaiting() {
        return awaitingTurnstile.size();
    }
}
