package io.gmeye.hub.estate;

import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.registry.CameraEntry;
import io.gmeye.hub.registry.CheckpointEntry;
import io.gmeye.hub.registry.Codes;
import io.gmeye.hub.registry.DeviceEntry;
import io.gmeye.hub.registry.SiteEntry;
import io.gmeye.hub.registry.Tag;
import io.gmeye.hub.registry.TagDictionary;
import io.gmeye.hub.registry.Tagged;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The one estate model of a hub node: sites, cameras, devices, checkpoints and the tag catalog,
 * changed only by its applier ({@link EstateApplier}) on the store's writer thread and published
 * as an immutable {@link EstateSnapshot} after each durable batch, before anyone who wrote in it
 * hears back. Every view is a function of {@link #now()}.
 */
public final class Estate {
    private final Store store;
    private final Transitions transitions;
    private final CameraHistory history = new CameraHistory();
    private volatile EstateSnapshot current;
    private EstateDraft draft; // writer thread (and the loading thread before the store takes writes)
    private Thread writer; // the one thread that changes the estate once it is loaded
    private boolean loaded;

    /**
     * @param judgingSince hub time this node began judging sites: none counts silent before the timeout has passed since
     */
    public Estate(Store store, List<HubConfig.SiteSection> configured, long siteTimeoutMs, long judgingSince) {
        this.store = store;
        this.transitions = new Transitions(store);
        Map<String, SiteState> sites = new HashMap<>();
        configured.forEach(s -> sites.put(s.id(), SiteState.of(s.id(), s.name(), s.tags(), true)));
        this.current = new EstateSnapshot(0, siteTimeoutMs, judgingSince, new Codes(), new TagDictionary(), Map.of(), Map.copyOf(sites),
                Table.empty(), Table.empty(), Map.of(), Map.of(), Map.of(), Map.of());
        store.afterEachRound(this::roundEnded);
    }

    /** The estate as of the last applied batch. */
    public EstateSnapshot now() {
        return current;
    }

    /** When each camera was online, for the online rate over time. */
    public CameraHistory history() {
        return history;
    }

    /** The histories of cameras, devices and sites. */
    public Transitions transitions() {
        return transitions;
    }

    Store store() {
        return store;
    }

    /** This batch's changes; writer thread. */
    EstateDraft draft() {
        if (loaded) {
            Thread t = Thread.currentThread();
            if (writer == null) {
                writer = t;
            } else if (writer != t) {
                throw new IllegalStateException("the estate changes only on the store's writer thread, not on " + t.getName());
            }
        }
        if (draft == null) {
            draft = new EstateDraft(current);
        }
        return draft;
    }

    private void roundEnded(boolean durable) {
        EstateDraft d = draft;
        draft = null;
        if (durable && d != null && d.changed()) {
            current = d.build();
        }
    }

    /** Reads the estate the store holds; blocking, at start, before the log is applied. */
    public void load() {
        EstateDraft d = draft();
        TagDictionary dictionary = current.dictionary;
        EstateRecords.each(store, Space.REGISTRY, EstateRecords.TAG, Tag.class, (id, t) -> d.tag(t));
        EstateRecords.each(store, Space.REGISTRY, EstateRecords.SITE, SiteEntry.class, (id, s) -> {
            SiteState had = d.site(s.id());
            d.site(had == null ? SiteState.of(s.id(), s.name(), s.tags(), false) : had.named(s.name(), s.tags()));
        });
        EstateRecords.each(store, Space.REGISTRY, EstateRecords.CAMERA, CameraEntry.class,
                (id, c) -> d.camera(new Camera(c.id(), AgentTags.tagged(c, dictionary, p -> d.tag(p) != null), null)));
        EstateRecords.each(store, Space.REGISTRY, EstateRecords.DEVICE, DeviceEntry.class,
                (id, e) -> d.device(new Device(e.id(), new Tagged<>(e, dictionary.expand(e.tags())), null, null)));
        EstateRecords.each(store, Space.REGISTRY, EstateRecords.CHECKPOINT, CheckpointEntry.class,
                (id, c) -> d.checkpoint(new Tagged<>(c, dictionary.expand(c.tags()))));
        EstateRecords.each(store, Space.REGISTRY, EstateRecords.REMOVED_CAMERA, Tombstone.class, (id, t) -> d.removedCamera(t.camera().id(), t));
        EstateRecords.each(store, Space.REGISTRY, EstateRecords.REMOVED_DEVICE, Tombstone.class, (id, t) -> d.removedDevice(t.device().id(), t));
        EstateRecords.each(store, Space.LATEST, EstateRecords.AGENT, EstateRecords.StoredAgent.class, (site, a) -> {
            SiteState s = d.site(site);
            d.site((s == null ? SiteState.of(site, null, null, false) : s).heartbeat(a.health(), a.at(), 0));
        });
        EstateRecords.each(store, Space.LATEST, EstateRecords.PRESENCE, EstateRecords.Presence.class, (site, p) -> {
            SiteState s = d.site(site);
            d.site((s == null ? SiteState.of(site, null, null, false) : s).presence(p.holder(), p.connectedSince(), p.downSince()));
        });
        loadSilences(d);
        EstateRecords.each(store, Space.LATEST, EstateRecords.CAMERA, CameraStatus.class, (id, s) -> {
            Camera c = d.camera(id);
            d.camera(c == null ? new Camera(id, null, s) : c.withStatus(s));
        });
        EstateRecords.each(store, Space.LATEST, EstateRecords.DEVICE, DeviceStatus.class, (id, s) -> {
            Device x = d.device(id);
            d.device(x == null ? new Device(id, null, s, null) : x.withStatus(s));
        });
        EstateRecords.each(store, Space.LATEST, EstateRecords.TELEMETRY, Reading.class, (id, r) -> {
            Device x = d.device(id);
            d.device(x == null ? new Device(id, null, null, r) : x.withTelemetry(r));
        });
        history.load(transitions);
        roundEnded(true);
        loaded = true;
    }

    /** A site's silences as stored: every silent..alive pair closed, a last 'silent' still open. */
    private void loadSilences(EstateDraft d) {
        Map<String, long[]> open = new HashMap<>();
        Map<String, List<Long>> closed = new HashMap<>();
        transitions.each(TransitionKey.Kind.SITE, Transition.class, t -> {
            long[] o = open.computeIfAbsent(t.site(), k -> new long[] {-1});
            if (SitePresence.SILENT.equals(t.to())) {
                o[0] = t.at();
            } else if (o[0] >= 0) {
                List<Long> c = closed.computeIfAbsent(t.site(), k -> new java.util.ArrayList<>());
                c.add(o[0]);
                c.add(t.at());
                o[0] = -1;
            }
        });
        open.forEach((site, o) -> {
            SiteState s = d.site(site);
            long[] spans = closed.getOrDefault(site, List.of()).stream().mapToLong(Long::longValue).toArray();
            d.site((s == null ? SiteState.of(site, null, null, false) : s).withSilences(o[0], spans));
        });
    }
}
