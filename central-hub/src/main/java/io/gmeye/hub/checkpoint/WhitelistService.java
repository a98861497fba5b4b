package io.gmeye.hub.checkpoint;

import io.gmeye.hub.audit.AuditLog;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.agents.AgentSessions;
import io.gmeye.hub.ingest.Projection;
import io.gmeye.hub.estate.TransitionKey;
import io.gmeye.hub.estate.Transitions;
import io.gmeye.hub.log.Commands;
import io.gmeye.hub.log.LogRecord;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.agent.AgentHealth;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.config.WhitelistDelta;
import io.gmeye.protocols.config.WhitelistEntry;
import io.gmeye.protocols.config.WhitelistState;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.topic.Topics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The district's whitelist, versioned at the hub. Each change is a command in the hub's log:
 * every node applies it as the next version with a delta (kept, so an agent a few versions
 * behind catches up with deltas) and pushes the delta to the agents connected to it on
 * {@code gm/v1/{site}/down/whitelist.delta}; an agent that connects to another node after a
 * failover is brought up from the version its heartbeat says it holds. An agent that asks for a
 * resync (whitelist.state), or lags further than the kept deltas, gets the full list in parts; a
 * change applied while the list is read is in the deltas that follow it (upserts and removals
 * applied twice give the same list).
 */
public final class WhitelistService {
    private static final Logger LOG = LoggerFactory.getLogger(WhitelistService.class);
    static final int CHUNK = 1000; // ~120 KB a part: well under the envelope size limit
    static final int KEPT_DELTAS = 1000;
    private static final byte[] VERSION = Keys.of("whitelist", "version");
    private static final String ENTRY = "whitelist";
    private static final String SITE = "whitelist.site";
    private static final String UPDATE = "whitelist.update";

    private final Vertx vertx;
    private final Commands commands;
    private final Store store;
    private final AgentSessions sessions;
    private final Supplier<Collection<String>> sites;
    private final Clock clock;
    private final Metrics metrics;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final Object lock = new Object();
    private final Map<String, Long> siteVersions = new ConcurrentHashMap<>();
    private final Map<String, Long> syncing = new ConcurrentHashMap<>(); // site -> when the sync started
    private volatile long version;
    private final Transitions transitions;

    public WhitelistService(Vertx vertx, Store store, Commands commands, AgentSessions sessions, Supplier<Collection<String>> sites, Clock clock,
                            Metrics metrics) {
        this.vertx = vertx;
        this.commands = commands;
        commands.on(UPDATE, Update.class, updates());
        this.store = store;
        this.transitions = new Transitions(store);
        this.sessions = sessions;
        this.sites = sites;
        this.clock = clock;
        this.metrics = metrics;
        byte[] v = store.get(Space.META, VERSION);
        this.version = v == null ? 0 : ByteBuffer.wrap(v).getLong();
        store.scan(Space.LATEST, Keys.prefix(SITE), false, (k, b) -> {
            siteVersions.put(Keys.text(k).substring(SITE.length() + 1), ByteBuffer.wrap(b).getLong());
            return true;
        });
    }

    private AuditLog audit;

    /** Whitelist changes are configuration changes: they go into the audit log, in the same write. */
    public WhitelistService audited(AuditLog log) {
        this.audit = log;
        return this;
    }

    public long version() {
        return version;
    }

    /** The whitelist version each site's agent last said it holds. */
    public Map<String, Long> siteVersions() {
        return Map.copyOf(siteVersions);
    }

    /** Applies a change as one new version; pushed to every agent. Blocks: call off the event loop. */
    public long update(List<WhitelistEntry> upserts, List<String> removals, String actor) {
        return change(upserts, removals, actor).join();
    }

    /**
     * Puts a change into the hub's log; completes with its version once this node has applied it.
     * Every node applies it in log order (one key, so one order), so every node gives it the same
     * version, and each node pushes it to the agents it holds.
     */
    public CompletableFuture<Long> change(List<WhitelistEntry> upserts, List<String> removals, String actor) {
        return commands.<WhitelistDelta>submit(UPDATE, LogRecord.HUB, new Update(upserts, removals, actor)).thenApply(WhitelistDelta::toVersion);
    }

    /** A whitelist change as it goes through the hub's log. */
    record Update(List<WhitelistEntry> upserts, List<String> removals, String actor) {
    }

    private Commands.Handler<Update, WhitelistDelta> updates() {
        // The version follows the stored one, so versions are assigned in log order, the same on every node.
        // Every node applies it; each pushes it to the agents connected to it, so each agent gets it once, from its node.
        return Commands.handler((c, at, tx) -> {
            byte[] stored = tx.get(Space.META, VERSION);
            long from = stored == null ? 0 : ByteBuffer.wrap(stored).getLong();
            WhitelistDelta delta = new WhitelistDelta(from, from + 1, false, c.upserts(), c.removals());
            for (String h : c.removals()) {
                tx.delete(Space.REGISTRY, Keys.of(ENTRY, h));
            }
            for (WhitelistEntry e : c.upserts()) {
                tx.put(Space.REGISTRY, Keys.of(ENTRY, e.personHash()), StoredJson.write(e));
            }
            transitions.put(tx, TransitionKey.whitelistDeltas(), delta.toVersion(), "", delta);
            transitions.delete(tx, TransitionKey.whitelistDeltas(), delta.toVersion() - KEPT_DELTAS, "");
            tx.put(Space.META, VERSION, ByteBuffer.allocate(8).putLong(delta.toVersion()).array());
            if (audit != null) {
                audit.record(tx, at, c.actor(), "whitelist.update", "whitelist", null,
                        Map.of("version", delta.toVersion(), "upserts", c.upserts().size(), "removals", c.removals().size()));
            }
            return delta;
        }, (c, delta) -> {
            synchronized (lock) {
                version = Math.max(version, delta.toVersion());
            }
            metrics.count("gmeye.whitelist.updates");
            for (String site : sites.get()) {
                if (sessions.connected(site) && !syncing.containsKey(site)) {
                    send(site, delta);
                }
            }
        });
    }

    /** What agents report: a resync request, or a version after a change. */
    public Projection projection() {
        return new Projection() {
            @Override
            public Set<MessageType> types() {
                return Set.of(MessageType.WHITELIST_STATE, MessageType.AGENT_HEALTH);
            }

            /** What the site's agent holds is kept with the message that says so: the per-site map survives a hub restart. */
            @Override
            public void apply(Envelope<?> m, long receivedAt, WriteTx tx) {
                long held = held(m);
                if (held >= 0) {
                    tx.put(Space.LATEST, Keys.of(SITE, m.site()), ByteBuffer.allocate(8).putLong(held).array());
                }
            }

            @Override
            public void committed(Envelope<?> m, long receivedAt) {
                if (m.body() instanceof WhitelistState s) {
                    siteVersions.put(m.site(), s.version());
                    if (s.resync()) {
                        syncing.remove(m.site()); // a new request: whatever was under way did not take
                        catchUp(m.site(), -1);
                    } else if (s.version() < version) {
                        catchUp(m.site(), s.version());
                    }
                } else if (m.body() instanceof AgentHealth h && h.whitelistVersion() >= 0) {
                    siteVersions.put(m.site(), h.whitelistVersion());
                    Long since = syncing.get(m.site());
                    boolean stale = since == null || clock.millis() - since > 60_000;
                    if (h.whitelistVersion() < version && stale) {
                        catchUp(m.site(), h.whitelistVersion());
                    }
                }
            }
        };
    }

    /** The version a message says its site's agent holds; -1 when it says none. */
    private static long held(Envelope<?> m) {
        if (m.body() instanceof WhitelistState s) {
            return s.version();
        }
        return m.body() instanceof AgentHealth h ? h.whitelistVersion() : -1;
    }

    /** Brings one site's agent to the current version: deltas when the hub still has them all, else the full list. */
    public Future<Void> catchUp(String site, long agentVersion) {
        if (!sessions.connected(site) || syncing.putIfAbsent(site, clock.millis()) != null) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> plan(agentVersion), false)
                .compose(parts -> sendInOrder(site, parts, 0))
                .onComplete(r -> {
                    syncing.remove(site);
                    if (r.failed()) {
                        LOG.warn("whitelist sync of site {} stopped: {}", site, r.cause().getMessage());
                    }
                });
    }

    private List<WhitelistDelta> plan(long agentVersion) {
        synchronized (lock) {
            long to = version;
            if (agentVersion >= 0 && to - agentVersion <= KEPT_DELTAS) {
                List<WhitelistDelta> deltas = new ArrayList<>();
                for (long v = agentVersion + 1; v <= to; v++) {
                    WhitelistDelta d = transitions.get(TransitionKey.whitelistDeltas(), v, "", WhitelistDelta.class);
                    if (d == null) {
                        deltas = null;
                        break;
                    }
                    deltas.add(d);
                }
                if (deltas != null) {
                    metrics.count("gmeye.whitelist.syncs", "kind", "deltas");
                    return deltas;
                }
            }
            List<WhitelistEntry> all = new ArrayList<>();
            store.scan(Space.REGISTRY, Keys.prefix(ENTRY), false, (k, v) -> all.add(StoredJson.read(v, WhitelistEntry.class)) || true);
            int chunks = Math.max(1, (all.size() + CHUNK - 1) / CHUNK);
            List<WhitelistDelta> parts = new ArrayList<>(chunks);
            for (int c = 0; c < chunks; c++) {
                parts.add(new WhitelistDelta(0, to, true, all.subList(c * CHUNK, Math.min(all.size(), (c + 1) * CHUNK)), List.of(), c, chunks));
            }
            metrics.count("gmeye.whitelist.syncs", "kind", "full");
            return parts;
        }
    }

    private Future<Void> sendInOrder(String site, List<WhitelistDelta> parts, int i) {
        if (i >= parts.size()) {
            return Future.succeededFuture();
        }
        return send(site, parts.get(i)).compose(v -> sendInOrder(site, parts, i + 1));
    }

    private Future<Void> send(String site, WhitelistDelta d) {
        byte[] payload = codec.encode(Envelope.create(site, "hub", clock.millis(), d));
        return sessions.publish(site, Topics.down(site, MessageType.WHITELIST_DELTA.wire()), payload);
    }
}
