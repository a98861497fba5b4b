package io.gmeye.hub.registry;

import io.gmeye.hub.audit.AuditLog;
import io.gmeye.hub.estate.Camera;
import io.gmeye.hub.estate.Device;
import io.gmeye.hub.estate.Estate;
import io.gmeye.hub.estate.EstateApplier;
import io.gmeye.hub.estate.EstateSnapshot;
import io.gmeye.hub.estate.SiteState;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.WriteJob;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.protocols.config.DeviceSpec;
import io.gmeye.protocols.error.GmeyeException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The registry's rules over the estate model: the tag catalog, sites, cameras, devices and
 * checkpoints with their tags live in the estate ({@link Estate}); here an import is checked
 * (every reason at once) and written, a site configuration becomes entries, and a removal is
 * made of the entries the estate holds. Entries also come from auto-registration of what agents
 * report before anyone registered it (the estate's applier).
 */
public final class Registry {
    private static final int MAX_REASONS = 20;

    /** What an import changed. */
    public record ImportResult(int tags, int sites, int cameras, int devices, int checkpoints) {
    }

    private final Store store;
    private final Clock clock;
    private final AuditLog audit;
    private final Estate estate;
    private final EstateApplier applier;

    public Registry(Store store, Clock clock, AuditLog audit, Estate estate, EstateApplier applier) {
        this.store = store;
        this.clock = clock;
        this.audit = audit;
        this.estate = estate;
        this.applier = applier;
    }

    // ---- reads ----

    public TagDictionary dictionary() {
        return estate.now().dictionary();
    }

    public Collection<Tag> tags() {
        return estate.now().tags();
    }

    public Tag tag(String path) {
        return estate.now().tag(path);
    }

    /** The number of a tag filter: -1 when nothing ever carried it (the filter then matches nothing). */
    public int tagFilter(String path) {
        return estate.now().tagFilter(path);
    }

    /** A registered camera, or null. */
    public Tagged<CameraEntry> camera(String id) {
        Camera c = estate.now().camera(id);
        return c == null ? null : c.entry();
    }

    /** A registered device, or null. */
    public Tagged<DeviceEntry> device(String id) {
        Device d = estate.now().device(id);
        return d == null ? null : d.entry();
    }

    public Tagged<CheckpointEntry> checkpoint(String id) {
        return estate.now().checkpoint(id);
    }

    /** A site's tags as the registry has them (configured or imported), empty when it knows none. */
    public List<String> siteTags(String id) {
        SiteState s = estate.now().site(id);
        return s == null ? List.of() : s.tags();
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
        EstateSnapshot now = estate.now();
        List<CameraEntry> cameraEntries = new ArrayList<>(cams.size());
        for (CameraSpec c : cams) {
            Tagged<CameraEntry> had = camera(now, c.id());
            CameraEntry e = had == null ? null : had.entry();
            cameraEntries.add(e == null ? new CameraEntry(c.id(), site, null, null, c.tags(), null, null, false)
                    : new CameraEntry(c.id(), site, e.name(), e.kind(), c.tags(), e.lat(), e.lon(), false, e.protocol(), e.parent(), e.ptz()));
        }
        List<DeviceEntry> deviceEntries = new ArrayList<>(devs.size());
        List<CheckpointEntry> newCheckpoints = new ArrayList<>();
        for (DeviceSpec d : devs) {
            Tagged<DeviceEntry> had = device(now, d.id());
            deviceEntries.add(new DeviceEntry(d.id(), site, d.type(), d.checkpoint(), had == null ? null : had.entry().name(), d.tags(), false));
            if (d.checkpoint() != null && now.checkpoint(d.checkpoint()) == null
                    && newCheckpoints.stream().noneMatch(c -> c.id().equals(d.checkpoint()))) {
                newCheckpoints.add(new CheckpointEntry(d.checkpoint(), site, null, List.of(), false));
            }
        }
        return new RegistryImport(List.of(), List.of(), cameraEntries, deviceEntries, newCheckpoints);
    }

    /** Every reason the import would be refused for (unknown sites, tags, checkpoints; ids listed twice); empty when it may be written. */
    public List<String> problems(RegistryImport in) {
        EstateSnapshot now = estate.now();
        List<String> reasons = new ArrayList<>();
        Set<String> knownTags = new HashSet<>();
        now.tags().forEach(t -> knownTags.add(t.path()));
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
        Set<String> knownSites = new HashSet<>();
        now.sites().forEach(s -> knownSites.add(s.id()));
        in.sites().forEach(s -> knownSites.add(s.id()));
        Set<String> knownCheckpoints = new HashSet<>();
        now.checkpoints().forEach(c -> knownCheckpoints.add(c.entry().id()));
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

    /** Puts the import's entries into the caller's atomic write; {@link #adopt(RegistryImport)} once it is durable. */
    public void write(WriteTx tx, RegistryImport in) {
        applier.register(tx, in);
    }

    /** The estate takes a durable import. */
    public void adopt(RegistryImport in) {
        applier.registered(in);
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

    /** The removal of those of these cameras and devices the estate holds (others are left out), at the hub's time now. */
    public Removal removal(String actor, Collection<String> cameraIds, Collection<String> deviceIds) {
        return removal(actor, 0, cameraIds, deviceIds);
    }

    /** The same, by a site configuration version that drops them. */
    public Removal removal(String actor, long configVersion, Collection<String> cameraIds, Collection<String> deviceIds) {
        EstateSnapshot now = estate.now();
        List<CameraEntry> cams = cameraIds.stream().map(id -> camera(now, id)).filter(Objects::nonNull).map(Tagged::entry).toList();
        List<DeviceEntry> devs = deviceIds.stream().map(id -> device(now, id)).filter(Objects::nonNull).map(Tagged::entry).toList();
        return new Removal(actor, clock.millis(), configVersion, cams, devs);
    }

    /** Removes in one atomic write, audited; the estate forgets them once it is durable. */
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
     * Puts a removal into the caller's atomic write, each entry audited: the estate's applier takes
     * the entries out, keeps them aside for the history and drops their state;
     * {@link EstateApplier#removed} once it is durable.
     */
    public void write(WriteTx tx, Removal r) {
        if (r.isEmpty()) {
            return;
        }
        applier.remove(tx, r);
        for (CameraEntry c : r.cameras()) {
            audit.record(tx, r.at(), r.actor(), "registry.remove", "camera:" + c.id(), c.site(), Map.of("camera", c.id()));
        }
        for (DeviceEntry d : r.devices()) {
            audit.record(tx, r.at(), r.actor(), "registry.remove", "device:" + d.id(), d.site(), Map.of("device", d.id()));
        }
    }

    /** The estate forgets a durable removal. */
    public void adopt(Removal r) {
        if (!r.isEmpty()) {
            applier.removed(r);
        }
    }

    private static Tagged<CameraEntry> camera(EstateSnapshot now, String id) {
        Camera c = now.camera(id);
        return c == null ? null : c.entry();
    }

    private static Tagged<DeviceEntry> device(EstateSnapshot now, String id) {
        Device d = now.device(id);
        return d == null ? null : d.entry();
    }
}
