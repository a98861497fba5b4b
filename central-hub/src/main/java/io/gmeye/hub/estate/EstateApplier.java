package io.gmeye.hub.estate;

import io.gmeye.hub.ingest.Projection;
import io.gmeye.hub.registry.CameraEntry;
import io.gmeye.hub.registry.CheckpointEntry;
import io.gmeye.hub.registry.DeviceEntry;
import io.gmeye.hub.registry.RegistryImport;
import io.gmeye.hub.registry.Removal;
import io.gmeye.hub.registry.SiteEntry;
import io.gmeye.hub.registry.Tag;
import io.gmeye.hub.registry.Tagged;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.agent.AgentHealth;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraHealthBatch;
import io.gmeye.protocols.device.DeviceHealth;
import io.gmeye.protocols.device.DeviceHealthBatch;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one applier of the estate model. Agents' messages (health, telemetry, and whatever names a
 * camera, device or checkpoint nobody registered yet), registry imports and removals, and
 * decisions about sites all change the estate here and nowhere else: first into the record's
 * atomic store write ({@code apply}, deciding only from the store as it stands in that write),
 * then, once it is durable, into the estate's next snapshot ({@code committed}).
 */
public final class EstateApplier implements Projection {
    private static final Logger LOG = LoggerFactory.getLogger(EstateApplier.class);
    private static final long CLOCK_AHEAD_WARN_MS = 60_000;

    private final Estate estate;
    private final Transitions transitions;
    private final AutoRegistration auto = new AutoRegistration();

    public EstateApplier(Estate estate) {
        this.estate = estate;
        this.transitions = estate.transitions();
    }

    @Override
    public Set<MessageType> types() {
        return Set.of(MessageType.values()); // every message says its site was heard from
    }

    // ---- agents' messages ----

    /**
     * What the hub's features see of a new message: a health report loses the cameras and devices
     * an admin removed that it should no longer name (made before the removal, or by an agent not
     * yet running the configuration that removed them), so they do not come back with an old
     * state; a later report registers them again, as any camera an agent reports.
     */
    public Envelope<?> screen(Envelope<?> m) {
        EstateDraft d = estate.draft();
        if (!d.anyRemoved()) {
            return m;
        }
        if (m.body() instanceof CameraHealthBatch b) {
            List<CameraHealth> kept = b.cameras().stream().filter(h -> !stale(d, d.removedCamera(h.camera()), m)).toList();
            return kept.size() == b.cameras().size() ? m : with(m, new CameraHealthBatch(b.full(), kept));
        }
        if (m.body() instanceof DeviceHealthBatch b) {
            List<DeviceHealth> kept = b.devices().stream().filter(h -> !stale(d, d.removedDevice(h.device()), m)).toList();
            return kept.size() == b.devices().size() ? m : with(m, new DeviceHealthBatch(b.full(), kept));
        }
        return m;
    }

    /**
     * A message names a removed camera or device it should not: it was made before the removal
     * (an agent's outbox replayed after it reconnects, a report in flight), on the hub's clock;
     * or the removal came with a site configuration version its site's agent does not run yet.
     */
    static boolean stale(EstateDraft d, Tombstone t, Envelope<?> m) {
        if (t == null) {
            return false;
        }
        SiteState s = d.site(m.site());
        if (m.ts() - (s == null ? 0 : s.clockAheadMs()) < t.at()) {
            return true;
        }
        long runs = s == null || s.health() == null ? 0 : s.health().configVersion();
        return t.configVersion() > 0 && t.site().equals(m.site()) && runs < t.configVersion();
    }

    private static Envelope<?> with(Envelope<?> m, Body body) {
        return new Envelope<>(m.v(), m.type(), m.id(), m.site(), m.src(), m.ts(), m.seq(), body);
    }

    @Override
    public void apply(Envelope<?> m, long at, WriteTx tx) {
        EstateDraft d = estate.draft();
        for (CameraEntry c : auto.sourced(d, id -> camera(tx, id), m)) {
            EstateRecords.register(tx, c); // an update of what the registry holds, or a new camera
        }
        for (Object e : auto.unknown(d, m)) {
            if (!EstateRecords.registered(tx, e) && !stale(d, tombstone(d, e), m)) {
                EstateRecords.register(tx, e);
            }
        }
        Object body = m.body();
        if (body instanceof AgentHealth h) {
            EstateRecords.put(tx, Space.LATEST, EstateRecords.AGENT, m.site(), new EstateRecords.StoredAgent(h, at));
        } else if (body instanceof CameraHealthBatch b) {
            for (CameraHealth h : b.cameras()) {
                CameraStatus before = EstateRecords.get(tx, Space.LATEST, EstateRecords.CAMERA, h.camera(), CameraStatus.class);
                String from = before == null ? null : before.health().state().wire();
                boolean changed = !h.state().wire().equals(from);
                EstateRecords.put(tx, Space.LATEST, EstateRecords.CAMERA, h.camera(),
                        new CameraStatus(m.site(), h, changed ? at : before.since(), at));
                if (changed) {
                    transitions.put(tx, TransitionKey.camera(h.camera()), at, m.id(),
                            new Transition(h.camera(), m.site(), from, h.state().wire(), h.reason(), at));
                }
            }
        } else if (body instanceof DeviceHealthBatch b) {
            for (DeviceHealth h : b.devices()) {
                DeviceStatus before = EstateRecords.get(tx, Space.LATEST, EstateRecords.DEVICE, h.device(), DeviceStatus.class);
                String from = before == null ? null : before.health().state().wire();
                boolean changed = !h.state().wire().equals(from);
                EstateRecords.put(tx, Space.LATEST, EstateRecords.DEVICE, h.device(),
                        new DeviceStatus(m.site(), h, changed ? at : before.since(), at));
                if (changed) {
                    transitions.put(tx, TransitionKey.device(h.device()), at, m.id(),
                            new Transition(h.device(), m.site(), from, h.state().wire(), h.reason(), at));
                }
            }
        } else if (body instanceof DeviceTelemetry t) {
            if (EstateRecords.readingTs(tx, t.device()) <= m.ts()) { // a replayed older reading does not win
                EstateRecords.put(tx, Space.LATEST, EstateRecords.TELEMETRY, t.device(), reading(m, t, at));
            }
        }
    }

    @Override
    public void committed(Envelope<?> m, long at) {
        EstateDraft d = estate.draft();
        SiteState site = site(d, m.site());
        auto.sourced(d, id -> registered(d, id), m).forEach(c -> adopt(d, c));
        for (Object e : auto.unknown(d, m)) {
            if (!stale(d, tombstone(d, e), m)) {
                adopt(d, e);
            }
        }
        Object body = m.body();
        if (body instanceof AgentHealth h) {
            site = site.heartbeat(h, at, clockAhead(site, h, at, m.ts()));
        } else if (body instanceof CameraHealthBatch b) {
            for (CameraHealth h : b.cameras()) {
                Camera c = d.camera(h.camera());
                CameraStatus before = c == null ? null : c.status();
                boolean same = before != null && before.health().state() == h.state();
                CameraStatus s = new CameraStatus(m.site(), h, same ? before.since() : at, at);
                d.camera(c == null ? new Camera(h.camera(), null, s) : c.withStatus(s));
                estate.history().record(h.camera(), m.site(), at, h.state().countsOnline());
            }
        } else if (body instanceof DeviceHealthBatch b) {
            for (DeviceHealth h : b.devices()) {
                Device x = d.device(h.device());
                DeviceStatus before = x == null ? null : x.status();
                boolean same = before != null && before.health().state() == h.state();
                DeviceStatus s = new DeviceStatus(m.site(), h, same ? before.since() : at, at);
                d.device(x == null ? new Device(h.device(), null, s, null) : x.withStatus(s));
            }
        } else if (body instanceof DeviceTelemetry t) {
            Device x = d.device(t.device());
            if (x == null || x.telemetry() == null || x.telemetry().ts() <= m.ts()) {
                Reading r = reading(m, t, at);
                d.device(x == null ? new Device(t.device(), null, null, r) : x.withTelemetry(r));
            }
        }
        d.site(site.seen(at));
    }

    /** A heartbeat cannot be made after it arrived: any lead of its time over the hub's is the agent's clock. */
    private static long clockAhead(SiteState site, AgentHealth h, long at, long sourceTs) {
        long ahead = Math.max(0, sourceTs - at);
        boolean was = site.clockAheadMs() > CLOCK_AHEAD_WARN_MS;
        if (ahead > CLOCK_AHEAD_WARN_MS && !was) {
            LOG.warn("site {}: the agent's clock is {} s ahead of the hub's; its event times are off by as much (online state is judged on the hub's clock)",
                    site.id(), ahead / 1000);
        } else if (ahead <= CLOCK_AHEAD_WARN_MS && was) {
            LOG.info("site {}: the agent's clock is back in step with the hub's", site.id());
        }
        return ahead;
    }

    private static Reading reading(Envelope<?> m, DeviceTelemetry t, long at) {
        return new Reading(t.device(), t.deviceType(), t.values(), m.ts(), at);
    }

    private static CameraEntry registered(EstateDraft d, String id) {
        Camera c = d.camera(id);
        return c == null || c.entry() == null ? null : c.entry().entry();
    }

    private static Tombstone tombstone(EstateDraft d, Object entry) {
        if (entry instanceof CameraEntry c) {
            return d.removedCamera(c.id());
        }
        if (entry instanceof DeviceEntry e) {
            return d.removedDevice(e.id());
        }
        return null;
    }

    static SiteState site(EstateDraft d, String id) {
        SiteState s = d.site(id);
        return s != null ? s : SiteState.of(id, null, null, false);
    }

    // ---- the registry: imports and removals ----

    /** A camera's registry entry as this write sees the store (null when it holds none): what a removal applied in the log's order takes out. */
    public CameraEntry camera(WriteTx tx, String id) {
        return EstateRecords.get(tx, Space.REGISTRY, EstateRecords.CAMERA, id, CameraEntry.class);
    }

    /** A device's registry entry as this write sees the store, or null. */
    public DeviceEntry device(WriteTx tx, String id) {
        return EstateRecords.get(tx, Space.REGISTRY, EstateRecords.DEVICE, id, DeviceEntry.class);
    }

    /** A checkpoint's registry entry as this write sees the store, or null. */
    public CheckpointEntry checkpoint(WriteTx tx, String id) {
        return EstateRecords.get(tx, Space.REGISTRY, EstateRecords.CHECKPOINT, id, CheckpointEntry.class);
    }

    /** Puts an import's entries into the caller's atomic write; {@link #registered} once it is durable. */
    public void register(WriteTx tx, RegistryImport in) {
        in.tags().forEach(t -> EstateRecords.register(tx, t));
        in.sites().forEach(s -> EstateRecords.register(tx, s));
        in.cameras().forEach(c -> EstateRecords.register(tx, c));
        in.devices().forEach(e -> EstateRecords.register(tx, e));
        in.checkpoints().forEach(c -> EstateRecords.register(tx, c));
    }

    /** The estate takes a durable import: entries are added or replaced by id, with the state they had. */
    public void registered(RegistryImport in) {
        EstateDraft d = estate.draft();
        List<String> added = in.tags().stream().map(Tag::path).filter(p -> d.tag(p) == null).toList();
        in.tags().forEach(d::tag);
        if (!added.isEmpty()) { // an agent's camera reported with a tag the catalog takes only now shows it from now
            List<Camera> retag = new ArrayList<>();
            d.forEachCamera(c -> {
                if (c.entry() != null && AgentTags.reports(c.entry().entry(), added)) {
                    retag.add(c);
                }
            });
            retag.forEach(c -> adopt(d, c.entry().entry()));
        }
        in.sites().forEach(s -> adopt(d, s));
        in.cameras().forEach(c -> adopt(d, c));
        in.devices().forEach(e -> adopt(d, e));
        in.checkpoints().forEach(c -> adopt(d, c));
    }

    private static void adopt(EstateDraft d, Object entry) {
        var dictionary = d.base().dictionary;
        if (entry instanceof Tag t) {
            d.tag(t);
        } else if (entry instanceof SiteEntry s) {
            d.site(site(d, s.id()).named(s.name(), s.tags()));
        } else if (entry instanceof CameraEntry c) {
            Tagged<CameraEntry> t = AgentTags.tagged(c, dictionary, p -> d.tag(p) != null);
            Camera had = d.camera(c.id());
            d.camera(had == null ? new Camera(c.id(), t, null) : had.withEntry(t));
        } else if (entry instanceof DeviceEntry e) {
            Tagged<DeviceEntry> t = new Tagged<>(e, dictionary.expand(e.tags()));
            Device had = d.device(e.id());
            d.device(had == null ? new Device(e.id(), t, null, null) : had.withEntry(t));
        } else if (entry instanceof CheckpointEntry c) {
            d.checkpoint(new Tagged<>(c, dictionary.expand(c.tags())));
        }
    }

    /**
     * Puts a removal into the caller's atomic write: the entries go, each is kept aside as a
     * tombstone (for the history, and to judge stale reports), its latest state and readings go,
     * and a 'removed' transition is stored at the removal time; {@link #removed} once durable.
     * Reports applied after this in the same batch are screened by it already.
     */
    public void remove(WriteTx tx, Removal r) {
        if (r.isEmpty()) {
            return;
        }
        EstateDraft d = estate.draft();
        String why = "removed from the registry by " + r.actor();
        for (CameraEntry c : r.cameras()) {
            Tombstone t = new Tombstone(c, null, r.at(), r.configVersion());
            tx.delete(Space.REGISTRY, EstateRecords.key(EstateRecords.CAMERA, c.id()));
            EstateRecords.put(tx, Space.REGISTRY, EstateRecords.REMOVED_CAMERA, c.id(), t);
            CameraStatus before = EstateRecords.get(tx, Space.LATEST, EstateRecords.CAMERA, c.id(), CameraStatus.class);
            tx.delete(Space.LATEST, EstateRecords.key(EstateRecords.CAMERA, c.id()));
            transitions.put(tx, TransitionKey.camera(c.id()), r.at(), Transition.REMOVED, new Transition(c.id(),
                    before == null ? c.site() : before.site(), before == null ? null : before.health().state().wire(), Transition.REMOVED, why, r.at()));
            d.removedCamera(c.id(), t);
        }
        for (DeviceEntry e : r.devices()) {
            Tombstone t = new Tombstone(null, e, r.at(), r.configVersion());
            tx.delete(Space.REGISTRY, EstateRecords.key(EstateRecords.DEVICE, e.id()));
            EstateRecords.put(tx, Space.REGISTRY, EstateRecords.REMOVED_DEVICE, e.id(), t);
            DeviceStatus before = EstateRecords.get(tx, Space.LATEST, EstateRecords.DEVICE, e.id(), DeviceStatus.class);
            tx.delete(Space.LATEST, EstateRecords.key(EstateRecords.DEVICE, e.id()));
            tx.delete(Space.LATEST, EstateRecords.key(EstateRecords.TELEMETRY, e.id()));
            transitions.put(tx, TransitionKey.device(e.id()), r.at(), Transition.REMOVED, new Transition(e.id(),
                    before == null ? e.site() : before.site(), before == null ? null : before.health().state().wire(), Transition.REMOVED, why, r.at()));
            d.removedDevice(e.id(), t);
        }
    }

    /** The estate forgets a durable removal's cameras and devices; the history counts a camera up to its removal. */
    public void removed(Removal r) {
        EstateDraft d = estate.draft();
        for (CameraEntry c : r.cameras()) {
            d.removeCamera(c.id());
            d.removedCamera(c.id(), new Tombstone(c, null, r.at(), r.configVersion()));
            estate.history().removed(c.id(), r.at());
        }
        for (DeviceEntry e : r.devices()) {
            d.removeDevice(e.id());
            d.removedDevice(e.id(), new Tombstone(null, e, r.at(), r.configVersion()));
        }
    }
}
