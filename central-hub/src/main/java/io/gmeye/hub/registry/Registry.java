package io.gmeye.hub.registry;

import io.gmeye.hub.audit.AuditLog;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.hub.store.WriteJob;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraHealthBatch;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.protocols.config.DeviceSpec;
import io.gmeye.protocols.device.DeviceHealth;
import io.gmeye.protocols.device.DeviceHealthBatch;
import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.error.GmeyeException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The registry of the estate: the tag catalog, sites, cameras, devices and checkpoints with their
 * tags. Kept in the store's REGISTRY space and in memory; filled by admins' imports and by
 * auto-registration of what agents report before anyone registered it.
 */
public final class Registry {
    static final String TAG = "tag";
    static final String SITE = "site";
    static final String CAMERA = "camera";
    static final String DEVICE = "device";
    static final String CHECKPOINT = "checkpoint";
    /** A removed camera's or device's last entry and removal time ({@link Tombstone}). */
    static final String REMOVED_CAMERA = "removed.camera";
    static final String REMOVED_DEVICE = "removed.device";

    /**
     * What the registry keeps of a removed camera or device: its last entry, so the online-rate
     * history can still place a camera by site and tag up to its removal, and when and by which
     * configuration version it was removed, so a stale report does not bring it back.
     */
    record Tombstone(CameraEntry camera, DeviceEntry device, long at, long configVersion) {
        String site() {
            return camera != null ? camera.site() : device.site();
        }
    }
    private static final int MAX_REASONS = 20;

    /** What an import changed. */
    public record ImportResult(int tags, int sites, int cameras, int devices, int checkpoints) {
    }

    private final Store store;
    private final Clock clock;
    private final AuditLog audit;
    private final TagDictionary dictionary = new TagDictionary();
    private final Set<String> configuredSites;
    private final Map<String, Tag> tags = new ConcurrentHashMap<>();
    private final Map<String, SiteEntry> sites = new ConcurrentHashMap<>();
    private final Map<String, Tagged<CameraEntry>> cameras = new ConcurrentHashMap<>();
    private final Map<String, Tagged<DeviceEntry>> devices = new ConcurrentHashMap<>();
    private final Map<String, Tagged<CheckpointEntry>> checkpoints = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();
    private final List<java.util.function.Consumer<Tagged<CameraEntry>>> cameraListeners = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final Map<String, Tagged<CameraEntry>> removedCameras = new ConcurrentHashMap<>();
    private final Map<String, Tombstone> removed = new ConcurrentHashMap<>(); // by "camera|id" or "device|id"
    private volatile java.util.function.ToLongFunction<String> agentLead = site -> 0;
    private volatile java.util.function.ToLongFunction<String> agentConfig = site -> 0;
    private final List<RemovalListener> removalListeners = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Registry(Store store, Clock clock, AuditLog audit, List<HubConfig.SiteSection> configured) {
        this.store = store;
        this.clock = clock;
        this.audit = audit;
        Set<String> ids = new HashSet<>();
        configured.forEach(s -> ids.add(s.id()));
        this.configuredSites = Set.copyOf(ids);
        configured.forEach(s -> sites.put(s.id(), new SiteEntry(s.id(), s.name(), s.tags())));
    }

    /** Loads the registry; blocking, at start. */
    public void load() {
        store.scan(Space.REGISTRY, Keys.prefix(TAG), false, (k, v) -> put(StoredJson.read(v, Tag.class)));
        store.scan(Space.REGISTRY, Keys.prefix(SITE), false, (k, v) -> put(StoredJson.read(v, SiteEntry.class)));
        store.scan(Space.REGISTRY, Keys.prefix(CAMERA), false, (k, v) -> put(StoredJson.read(v, CameraEntry.class)));
        store.scan(Space.REGISTRY, Keys.prefix(DEVICE), false, (k, v) -> put(StoredJson.read(v, DeviceEntry.class)));
        store.scan(Space.REGISTRY, Keys.prefix(CHECKPOINT), false, (k, v) -> put(StoredJson.read(v, CheckpointEntry.class)));
        store.scan(Space.REGISTRY, Keys.prefix(REMOVED_CAMERA), false, (k, v) -> {
            Tombstone t = StoredJson.read(v, Tombstone.class);
            removedCameras.put(t.camera().id(), new Tagged<>(t.camera(), dictionary.expand(t.camera().tags())));
            removed.put(CAMERA + "|" + t.camera().id(), t);
            return true;
        });
        store.scan(Space.REGISTRY, Keys.prefix(REMOVED_DEVICE), false, (k, v) -> {
            Tombstone t = StoredJson.read(v, Tombstone.class);
            removed.put(DEVICE + "|" + t.device().id(), t);
            return true;
        });
    }

    // ---- reads ----

    public TagDictionary dictionary() {
        return dictionary;
    }

    public Collection<Tag> tags() {
        List<Tag> out = new ArrayList<>(tags.values());
        out.sort(Comparator.comparing(Tag::path));
        return out;
    }

    public Tag tag(String path) {
        return tags.get(path);
    }

    public Map<String, SiteEntry> sites() {
        return sites;
    }

    public Map<String, Tagged<CameraEntry>> cameras() {
        return cameras;
    }

    public Map<String, Tagged<DeviceEntry>> devices() {
        return devices;
    }

    public Map<String, Tagged<CheckpointEntry>> checkpoints() {
        return checkpoints;
    }

    /** Bumped by every change of cameras, devices or checkpoints: views cache what they derive by it. */
    public long version() {
        return version.get();
    }

    /** Hears of every camera added or replaced (after it is durable). */
    public void onCamera(java.util.function.Consumer<Tagged<CameraEntry>> l) {
        cameraListeners.add(l);
    }

    /** Hears of every removal: in its atomic write and once it is committed. */
    public void onRemoval(RemovalListener l) {
        removalListeners.add(l);
    }

    /** A registered camera, else the last entry of a removed one (for the history up to its removal); null when neither. */
    public Tagged<CameraEntry> cameraOrRemoved(String id) {
        Tagged<CameraEntry> c = cameras.get(id);
        return c != null ? c : removedCameras.get(id);
    }

    /** The number of a tag filter: -1 when nothing ever carried it (the filter then matches nothing). */
    public int tagFilter(String path) {
        return dictionary.find(path);
    }

    // ---- import ----

    /** Validates the whole import first (every reason at once), then writes it in one atomic write with an audit entry. */
    public CompletableFuture<ImportResult> importAll(String actor, RegistryImport in) {
        List<String> reasons = problems(in);
        if (!reasons.isEmpty()) {
            throw GmeyeException.badRequest("the import was refused, nothing was changed: "
                    + String.join("; ", reasons.subList(0, Math.min(MAX_REASONS, reasons.size())))
                    + (reasons.size() > MAX_REASONS ? "; and " + (reasons.size() - MAX_REASONS) + " more" : ""));
        }
        long now = clock.millis();
        ImportResult result = new ImportResult(in.tags().size(), in.sites().size(), in.cameras().size(), in.devices().size(), in.checkpoints().size());
        return store.write(new WriteJob<ImportResult>() {
            @Override
            public ImportResult apply(WriteTx tx) {
                write(tx, in);
                Map<String, Object> detail = new LinkedHashMap<>();
                detail.put("tags", result.tags());
                detail.put("sites", result.sites());
                detail.put("cameras", result.cameras());
                detail.put("devices", result.devices());
                detail.put("checkpoints", result.checkpoints());
                audit.record(tx, now, actor, "registry.import", "registry", null, detail);
                return result;
            }

            @Override
            public void committed(ImportResult r) {
                adopt(in);
            }
        });
    }

    /**
     * A site's configuration from the hub as registry entries, so the cameras and devices it
     * adds are counted and filtered by their tags from the moment it is stored, not from their
     * first report. What an admin registered about them (name, kind, position) is kept; the
     * checkpoints its devices name are registered too when new.
     */
    public RegistryImport ofSiteConfig(String site, List<CameraSpec> cams, List<DeviceSpec> devs) {
        List<CameraEntry> cameraEntries = new ArrayList<>(cams.size());
        for (CameraSpec c : cams) {
            Tagged<CameraEntry> had = cameras.get(c.id());
            CameraEntry e = had == null ? null : had.entry();
            cameraEntries.add(e == null ? new CameraEntry(c.id(), site, null, null, c.tags(), null, null, false)
                    : new CameraEntry(c.id(), site, e.name(), e.kind(), c.tags(), e.lat(), e.lon(), false, e.protocol(), e.parent(), e.ptz()));
        }
        List<DeviceEntry> deviceEntries = new ArrayList<>(devs.size());
        List<CheckpointEntry> newCheckpoints = new ArrayList<>();
        for (DeviceSpec d : devs) {
            Tagged<DeviceEntry> had = devices.get(d.id());
            deviceEntries.add(new DeviceEntry(d.id(), site, d.type(), d.checkpoint(), had == null ? null : had.entry().name(), d.tags(), false));
            if (d.checkpoint() != null && !checkpoints.containsKey(d.checkpoint())
                    && newCheckpoints.stream().noneMatch(c -> c.id().equals(d.checkpoint()))) {
                newCheckpoints.add(new CheckpointEntry(d.checkpoint(), site, null, List.of(), false));
            }
        }
        return new RegistryImport(List.of(), List.of(), cameraEntries, deviceEntries, newCheckpoints);
    }

    /** Every reason the import would be refused for (unknown sites, tags, checkpoints; ids listed twice); empty when it may be written. */
    public List<String> problems(RegistryImport in) {
        List<String> reasons = new ArrayList<>();
        Set<String> knownTags = new HashSet<>(tags.keySet());
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < in.tags().size(); i++) {
            Tag t = in.tags().get(i);
            if (!seen.add(t.path())) {
                reasons.add("tags[" + i + "]: " + t.path() + " is listed twice");
            }
            knownTags.add(t.path());
        }
        for (int i = 0; i < in.tags().size(); i++) {
            String parent = in.tags().get(i).parent();
            if (parent != null && !knownTags.contains(parent)) {
                reasons.add("tags[" + i + "]: its parent " + parent + " is not in the catalog");
            }
        }
        Set<String> knownSites = new HashSet<>(sites.keySet());
        knownSites.addAll(configuredSites);
        in.sites().forEach(s -> knownSites.add(s.id()));
        Set<String> knownCheckpoints = new HashSet<>(checkpoints.keySet());
        in.checkpoints().forEach(c -> knownCheckpoints.add(c.id()));
        check("sites", in.sites(), SiteEntry::id, null, SiteEntry::tags, knownSites, knownTags, reasons);
        check("cameras", in.cameras(), CameraEntry::id, CameraEntry::site, CameraEntry::tags, knownSites, knownTags, reasons);
        check("devices", in.devices(), DeviceEntry::id, DeviceEntry::site, DeviceEntry::tags, knownSites, knownTags, reasons);
        check("checkpoints", in.checkpoints(), CheckpointEntry::id, CheckpointEntry::site, CheckpointEntry::tags, knownSites, knownTags, reasons);
        for (int i = 0; i < in.devices().size() && reasons.size() < MAX_REASONS; i++) {
            String cp = in.devices().get(i).checkpoint();
            if (cp != null && !knownCheckpoints.contains(cp)) {
                reasons.add("devices[" + i + "].checkpoint: " + cp + " is not a registered checkpoint");
            }
        }
        return reasons;
    }

    /** Puts the import's entries into the caller's atomic write; {@link #adopt} once it is committed. */
    public void write(WriteTx tx, RegistryImport in) {
        in.tags().forEach(t -> tx.put(Space.REGISTRY, Keys.of(TAG, t.path()), StoredJson.write(t)));
        in.sites().forEach(s -> tx.put(Space.REGISTRY, Keys.of(SITE, s.id()), StoredJson.write(s)));
        in.cameras().forEach(c -> tx.put(Space.REGISTRY, Keys.of(CAMERA, c.id()), StoredJson.write(c)));
        in.devices().forEach(d -> tx.put(Space.REGISTRY, Keys.of(DEVICE, d.id()), StoredJson.write(d)));
        in.checkpoints().forEach(c -> tx.put(Space.REGISTRY, Keys.of(CHECKPOINT, c.id()), StoredJson.write(c)));
    }

    /** The views see a committed import. */
    public void adopt(RegistryImport in) {
        in.tags().forEach(this::put);
        in.sites().forEach(this::put);
        in.cameras().forEach(this::put);
        in.devices().forEach(this::put);
        in.checkpoints().forEach(this::put);
    }

    private static <E> void check(String list, List<E> entries, java.util.function.Function<E, String> id, java.util.function.Function<E, String> site,
                                  java.util.function.Function<E, List<String>> entryTags, Set<String> knownSites, Set<String> knownTags,
                                  List<String> reasons) {
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < entries.size() && reasons.size() <= MAX_REASONS; i++) {
            E e = entries.get(i);
            if (!ids.add(id.apply(e))) {
                reasons.add(list + "[" + i + "]: " + id.apply(e) + " is listed twice");
            }
            if (site != null && !knownSites.contains(site.apply(e))) {
                reasons.add(list + "[" + i + "].site: " + site.apply(e) + " is not a known site (configure it or import it under sites)");
            }
            for (String t : entryTags.apply(e)) {
                if (!knownTags.contains(t)) {
                    reasons.add(list + "[" + i + "].tags: " + t + " is not in the tag catalog");
                }
            }
        }
    }

    // ---- removal ----

    /** The removal of those of these cameras and devices the registry holds (others are left out), at the hub's time now. */
    public Removal removal(String actor, Collection<String> cameraIds, Collection<String> deviceIds) {
        return removal(actor, 0, cameraIds, deviceIds);
    }

    /** The same, by a site configuration version that drops them. */
    public Removal removal(String actor, long configVersion, Collection<String> cameraIds, Collection<String> deviceIds) {
        List<CameraEntry> cams = cameraIds.stream().map(cameras::get).filter(java.util.Objects::nonNull).map(Tagged::entry).toList();
        List<DeviceEntry> devs = deviceIds.stream().map(devices::get).filter(java.util.Objects::nonNull).map(Tagged::entry).toList();
        return new Removal(actor, clock.millis(), configVersion, cams, devs);
    }

    /** Removes in one atomic write, audited; every view forgets them once it is committed. */
    public CompletableFuture<Removal> remove(Removal r) {
        return store.write(new WriteJob<Removal>() {
            @Override
            public Removal apply(WriteTx tx) {
                write(tx, r);
                return r;
            }

            @Override
            public void committed(Removal done) {
                adopt(done);
            }
        });
    }

    /**
     * Puts a removal into the caller's atomic write: the entries go, a removed camera's entry is
     * kept aside for the history, each removal is audited, and every listener adds its part
     * (latest state deleted, a 'removed' transition); {@link #adopt(Removal)} once committed.
     */
    public void write(WriteTx tx, Removal r) {
        if (r.isEmpty()) {
            return;
        }
        // screened from here on (this is the writer thread): a report applied after this in the same or a later write is judged
        for (CameraEntry c : r.cameras()) {
            Tombstone t = new Tombstone(c, null, r.at(), r.configVersion());
            removed.put(CAMERA + "|" + c.id(), t);
            tx.delete(Space.REGISTRY, Keys.of(CAMERA, c.id()));
            tx.put(Space.REGISTRY, Keys.of(REMOVED_CAMERA, c.id()), StoredJson.write(t));
            audit.record(tx, r.at(), r.actor(), "registry.remove", "camera:" + c.id(), c.site(), Map.of("camera", c.id()));
        }
        for (DeviceEntry d : r.devices()) {
            Tombstone t = new Tombstone(null, d, r.at(), r.configVersion());
            removed.put(DEVICE + "|" + d.id(), t);
            tx.delete(Space.REGISTRY, Keys.of(DEVICE, d.id()));
            tx.put(Space.REGISTRY, Keys.of(REMOVED_DEVICE, d.id()), StoredJson.write(t));
            audit.record(tx, r.at(), r.actor(), "registry.remove", "device:" + d.id(), d.site(), Map.of("device", d.id()));
        }
        removalListeners.forEach(l -> l.write(tx, r));
    }

    /** The views forget a committed removal; views caching by {@link #version()} see it. */
    public void adopt(Removal r) {
        if (r.isEmpty()) {
            return;
        }
        for (CameraEntry c : r.cameras()) {
            Tagged<CameraEntry> had = cameras.remove(c.id());
            removedCameras.put(c.id(), had != null ? had : new Tagged<>(c, dictionary.expand(c.tags())));
        }
        r.devices().forEach(d -> devices.remove(d.id()));
        version.incrementAndGet();
        removalListeners.forEach(l -> l.committed(r));
    }

    /** How far each site's agent clock runs ahead of the hub's, to judge when its reports were made on the hub's clock. */
    public void agentLead(java.util.function.ToLongFunction<String> lead) {
        this.agentLead = lead;
    }

    /** Which site configuration version each site's agent runs (0: none from the hub). */
    public void agentConfig(java.util.function.ToLongFunction<String> version) {
        this.agentConfig = version;
    }

    /**
     * Drops from a health report the cameras and devices an admin removed that the report should
     * no longer name (see {@link #stale}), so they do not come back with an old state; a later
     * report registers them again, as any camera an agent reports.
     */
    public Envelope<?> screen(Envelope<?> m) {
        if (removed.isEmpty()) {
            return m;
        }
        if (m.body() instanceof CameraHealthBatch b) {
            List<CameraHealth> kept = b.cameras().stream().filter(h -> !stale(CAMERA, h.camera(), m)).toList();
            return kept.size() == b.cameras().size() ? m : with(m, new CameraHealthBatch(b.full(), kept));
        }
        if (m.body() instanceof DeviceHealthBatch b) {
            List<DeviceHealth> kept = b.devices().stream().filter(h -> !stale(DEVICE, h.device(), m)).toList();
            return kept.size() == b.devices().size() ? m : with(m, new DeviceHealthBatch(b.full(), kept));
        }
        return m;
    }

    /**
     * A message names a removed camera or device it should not: it was made before the removal
     * (an agent's outbox replayed after it reconnects, a report in flight), on the hub's clock;
     * or the removal came with a site configuration version its site's agent does not run yet
     * (an agent that was offline keeps reporting what it has until it gets the new version).
     */
    boolean stale(String kind, String id, Envelope<?> m) {
        Tombstone t = removed.get(kind + "|" + id);
        if (t == null) {
            return false;
        }
        if (m.ts() - agentLead.applyAsLong(m.site()) < t.at()) {
            return true;
        }
        return t.configVersion() > 0 && t.site().equals(m.site()) && agentConfig.applyAsLong(m.site()) < t.configVersion();
    }

    private static Envelope<?> with(Envelope<?> m, Body body) {
        return new Envelope<>(m.v(), m.type(), m.id(), m.site(), m.src(), m.ts(), m.seq(), body);
    }

    // ---- auto-registration (fed by RegistryProjection) ----

    boolean knowsCamera(String id) {
        return cameras.containsKey(id);
    }

    /** A registered camera's entry, or null. */
    CameraEntry camera(String id) {
        Tagged<CameraEntry> t = cameras.get(id);
        return t == null ? null : t.entry();
    }

    boolean knowsDevice(String id) {
        return devices.containsKey(id);
    }

    boolean knowsCheckpoint(String id) {
        return checkpoints.containsKey(id);
    }

    // ---- memory ----

    boolean put(Tag t) {
        tags.put(t.path(), t);
        dictionary.id(t.path());
        return true;
    }

    boolean put(SiteEntry s) {
        sites.put(s.id(), s);
        return true;
    }

    boolean put(CameraEntry c) {
        Tagged<CameraEntry> t = new Tagged<>(c, dictionary.expand(c.tags()));
        cameras.put(c.id(), t);
        version.incrementAndGet();
        cameraListeners.forEach(l -> l.accept(t));
        return true;
    }

    boolean put(DeviceEntry d) {
        devices.put(d.id(), new Tagged<>(d, dictionary.expand(d.tags())));
        version.incrementAndGet();
        return true;
    }

    boolean put(CheckpointEntry c) {
        checkpoints.put(c.id(), new Tagged<>(c, dictionary.expand(c.tags())));
        version.incrementAndGet();
        return true;
    }
}
