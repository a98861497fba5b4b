package io.gmeye.hub.siteconfig;

import io.gmeye.hub.api.InvalidBody;
import io.gmeye.hub.agents.AgentSessions;
import io.gmeye.hub.audit.AuditLog;
import io.gmeye.hub.ingest.Projection;
import io.gmeye.hub.estate.TransitionKey;
import io.gmeye.hub.estate.Transitions;
import io.gmeye.hub.log.Commands;
import io.gmeye.hub.registry.CameraEntry;
import io.gmeye.hub.registry.DeviceEntry;
import io.gmeye.hub.registry.Registry;
import io.gmeye.hub.registry.RegistryImport;
import io.gmeye.hub.registry.Removal;
import io.gmeye.hub.registry.Tagged;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.agent.AgentHealth;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.protocols.config.ConfigBundle;
import io.gmeye.protocols.config.DeviceSpec;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.topic.Topics;
import io.vertx.core.Future;
import java.time.Clock;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Each site's cameras, devices and scenes, versioned at the hub and pushed to the site's agent as
 * a config.bundle on {@code gm/v1/{site}/down/config.bundle}. The agent answers with a
 * command.result whose id is the bundle's message id and whose result carries
 * {@value #VERSION_KEY}; its heartbeat says which version it runs. An agent that was offline,
 * or runs an older version, gets the current one on its next heartbeat; a version it refused is
 * not pushed again (it would refuse it again), the next PUT is.
 */
public final class SiteConfigService {
    private static final Logger LOG = LoggerFactory.getLogger(SiteConfigService.class);
    /** The key in a command.result's result that says which configuration version it answers for. */
    public static final String VERSION_KEY = "configVersion";
    private static final String CONFIG = "siteconfig";
    private static final String AGENT = "siteconfig.agent";
    private static final long REPUSH_AFTER_MS = 30_000;
    private static final String PUT = "siteconfig.put";

    private record Push(long version, long at) {
    }

    private final Store store;
    private final Commands commands;
    private final AgentSessions sessions;
    private final Set<String> sites;
    private final Clock clock;
    private final Metrics metrics;
    private final AuditLog audit;
    private final Registry registry;
    private final Transitions transitions;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final Map<String, SiteConfig> configs = new ConcurrentHashMap<>();
    private final Map<String, AgentConfigState> agents = new ConcurrentHashMap<>();
    private final Map<String, Push> pushed = new ConcurrentHashMap<>();

    public SiteConfigService(Store store, Commands commands, AgentSessions sessions, Collection<String> sites, Clock clock, Metrics metrics,
                             AuditLog audit, Registry registry, Transitions transitions) {
        this.store = store;
        this.commands = commands;
        commands.on(PUT, Put.class, puts());
        this.transitions = transitions;
        this.registry = registry;
        this.sessions = sessions;
        this.sites = Set.copyOf(sites);
        this.clock = clock;
        this.metrics = metrics;
        this.audit = audit;
        // a reconnected agent gets the current version on its first heartbeat, not 30 s later
        sessions.onConnect(s -> pushed.remove(s.site()));
        sessions.onDisconnect(pushed::remove);
    }

    /** Reads what the store holds. Blocking: at start. */
    public void load() {
        store.scan(Space.REGISTRY, Keys.prefix(CONFIG), false, (k, v) -> {
            SiteConfig c = StoredJson.read(v, SiteConfig.class);
            configs.put(c.site(), c);
            return true;
        });
        store.scan(Space.LATEST, Keys.prefix(AGENT), false, (k, v) -> {
            agents.put(Keys.text(k).substring(AGENT.length() + 1), StoredJson.read(v, AgentConfigState.class));
            return true;
        });
    }

    public Optional<SiteConfig> current(String site) {
        return Optional.ofNullable(configs.get(site));
    }

    public AgentConfigState agent(String site) {
        return agents.getOrDefault(site, AgentConfigState.NONE);
    }

    public boolean knows(String site) {
        return sites.contains(site);
    }

    /**
     * Puts a site's new configuration into the hub's log; completes once this node has applied it
     * as the next version (every node applies it in the site's log order, so every node gives it
     * the same version, and the node holding the site's agent pushes it). Fails with 400 and every
     * problem by field, all checked here, before anything is logged: its form, and its tags against
     * the tag catalog, which only grows (and travels under the hub's key, so a node lagging on that
     * partition would judge it otherwise when applying). Blocks: call off the event loop.
     */
    public CompletableFuture<SiteConfig> put(String site, ConfigBundle wanted, String actor) {
        if (!knows(site)) {
            throw GmeyeException.notFound("no site " + site + " (sites come from the hub's configuration)");
        }
        List<String> problems = new java.util.ArrayList<>(SiteConfigCheck.problems(wanted));
        problems.addAll(registry.unknownTags(wanted.cameras(), wanted.devices())); // the catalog only grows: judged once, here
        int size = codec.encode(Envelope.create(site, "hub", clock.millis(), wanted)).length;
        if (size > EnvelopeCodec.DEFAULT_MAX_BYTES) {
            // the agent refuses a message over the limit without reading it, so it would never answer
            problems.add("body: the configuration takes " + size + " bytes as a message; an agent takes at most "
                    + EnvelopeCodec.DEFAULT_MAX_BYTES);
        }
        if (!problems.isEmpty()) {
            metrics.count("gmeye.siteconfig.puts", "outcome", "invalid");
            throw new InvalidBody(problems);
        }
        // keyed by the site: in order with its agent's answers and heartbeats, which the version follows
        return commands.<Applied>submit(PUT, site, new Put(site, wanted, actor)).thenApply(Applied::config);
    }

    /** A site configuration as it goes through the hub's log. */
    record Put(String site, ConfigBundle wanted, String actor) {
    }

    /** What applying a Put writes once durable. */
    private record Applied(SiteConfig config, RegistryImport registered, Removal removal) {
    }

    private Commands.Handler<Put, Applied> puts() {
        // Every node takes it into memory; the node holding the site's agent pushes it.
        return Commands.handler((c, at, tx) -> {
            String site = c.site();
            ConfigBundle wanted = c.wanted();
            // the registry's tags were checked by the node that took it (put): not again here, where a node lagging on the
            // catalog's partition would refuse what the others stored
            RegistryImport entries = registry.ofSiteConfig(tx, site, wanted.cameras(), wanted.devices());
            byte[] had = tx.get(Space.REGISTRY, Keys.of(CONFIG, site));
            SiteConfig before = had == null ? null : StoredJson.read(had, SiteConfig.class);
            byte[] runs = tx.get(Space.LATEST, Keys.of(AGENT, site));
            long agentVersion = runs == null ? 0 : StoredJson.read(runs, AgentConfigState.class).version();
            // the next after the stored one, in log order; never behind what the agent runs, so a hub with a fresh
            // store still gets its pushes accepted
            long version = Math.max(before == null ? 0 : before.version(), agentVersion) + 1;
            Removal removal = dropped(site, before, wanted, c.actor(), version, at);
            SiteConfig next = new SiteConfig(site, new ConfigBundle(version, wanted.cameras(), wanted.devices(), wanted.scenes(), null), at,
                    c.actor());
            tx.put(Space.REGISTRY, Keys.of(CONFIG, site), StoredJson.write(next));
            registry.write(tx, entries); // one atomic write: the registry has the cameras and devices with their tags
            registry.write(tx, removal); // and no longer has what this version dropped, nor its state
            transitions.put(tx, TransitionKey.siteConfig(site), version, "", next);
            audit.record(tx, at, c.actor(), "siteconfig.put", "site:" + site, site, Map.of("version", version,
                    "cameras", wanted.cameras().size(), "devices", wanted.devices().size(), "scenes", wanted.scenes().size(),
                    "removedCameras", removal.cameras().size(), "removedDevices", removal.devices().size()));
            return new Applied(next, entries, removal);
        }, (c, done) -> {
            registry.adopt(done.registered());
            registry.adopt(done.removal());
            SiteConfig next = done.config();
            configs.put(next.site(), next);
            metrics.count("gmeye.siteconfig.puts", "outcome", "stored");
            push(next.site(), next);
        });
    }

    /**
     * The cameras and devices the site's stored version has and the wanted one does not: an
     * admin's intent to remove them. One that another site's configuration took over since is kept.
     * Until the agent runs this version its reports of them are screened out ({@code Registry#screen}).
     */
    private Removal dropped(String site, SiteConfig had, ConfigBundle wanted, String actor, long version, long at) {
        if (had == null) {
            return new Removal(actor, at, version, List.of(), List.of());
        }
        Set<String> keptCameras = new HashSet<>();
        wanted.cameras().forEach(c -> keptCameras.add(c.id()));
        Set<String> keptDevices = new HashSet<>();
        wanted.devices().forEach(d -> keptDevices.add(d.id()));
        List<CameraEntry> cameras = had.bundle().cameras().stream().map(CameraSpec::id).filter(id -> !keptCameras.contains(id))
                .map(registry::camera).filter(t -> t != null && site.equals(t.entry().site())).map(Tagged::entry).toList();
        List<DeviceEntry> devices = had.bundle().devices().stream().map(DeviceSpec::id).filter(id -> !keptDevices.contains(id))
                .map(registry::device).filter(t -> t != null && site.equals(t.entry().site())).map(Tagged::entry).toList();
        return new Removal(actor, at, version, cameras, devices);
    }

    private void push(String site, SiteConfig c) {
        if (!sessions.connected(site)) {
            return; // its next connection's heartbeat brings it
        }
        pushed.put(site, new Push(c.version(), clock.millis()));
        byte[] payload = codec.encode(Envelope.create(site, "hub", clock.millis(), c.bundle()));
        sessions.publish(site, Topics.down(site, MessageType.CONFIG_BUNDLE.wire()), payload).onComplete(r -> {
            metrics.count("gmeye.siteconfig.pushes", "outcome", r.succeeded() ? "delivered" : "failed");
            if (r.failed()) {
                pushed.remove(site);
                LOG.warn("site {}: configuration version {} not delivered: {}", site, c.version(), r.cause().getMessage());
            }
        });
    }

    /** Agents' answers to pushes and their heartbeats: which version runs where, and who needs the current one. */
    public Projection projection() {
        return new Projection() {
            @Override
            public Set<MessageType> types() {
                return Set.of(MessageType.COMMAND_RESULT, MessageType.AGENT_HEALTH);
            }

            @Override
            public void apply(Envelope<?> m, long receivedAt, WriteTx tx) {
                AgentConfigState next = next(m, receivedAt);
                AgentConfigState prev = agent(m.site());
                // written when what the agent runs or refused changes, not on every heartbeat
                if (next != null && (next.version() != prev.version() || next.refusedVersion() != prev.refusedVersion())) {
                    tx.put(Space.LATEST, Keys.of(AGENT, m.site()), StoredJson.write(next));
                }
            }

            @Override
            public void committed(Envelope<?> m, long receivedAt) {
                AgentConfigState next = next(m, receivedAt);
                if (next == null) {
                    return;
                }
                AgentConfigState prev = agents.put(m.site(), next);
                if (next.refusedVersion() != (prev == null ? 0 : prev.refusedVersion())) {
                    LOG.warn("site {}: agent refused configuration version {}: {}", m.site(), next.refusedVersion(), next.refusal());
                    metrics.count("gmeye.siteconfig.refusals");
                }
                SiteConfig c = configs.get(m.site());
                if (c == null || next.version() >= c.version() || next.refusedVersion() == c.version()) {
                    return;
                }
                Push p = pushed.get(m.site());
                if (p == null || p.version() != c.version() || receivedAt - p.at() > REPUSH_AFTER_MS) {
                    LOG.info("site {}: agent runs configuration version {}, the hub's is {}: pushing it", m.site(), next.version(), c.version());
                    push(m.site(), c);
                }
            }
        };
    }

    /** The agent's state after this message, or null when the message says nothing about configuration. */
    private AgentConfigState next(Envelope<?> m, long at) {
        AgentConfigState prev = agent(m.site());
        if (m.body() instanceof AgentHealth h) {
            return prev.runs(h.configVersion(), at);
        }
        if (m.body() instanceof CommandResult r && r.result().get(VERSION_KEY) instanceof Number v) {
            if (r.status() == CommandStatus.SUCCEEDED) {
                return prev.runs(Math.max(prev.version(), v.longValue()), at);
            }
            if (r.status() == CommandStatus.FAILED) {
                return prev.refused(v.longValue(), r.message(), at);
            }
        }
        return null;
    }
}
