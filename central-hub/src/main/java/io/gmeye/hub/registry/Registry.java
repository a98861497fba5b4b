package io.gmeye.hub.registry;

import io.gmeye.hub.audit.AuditLog;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.estate.Camera;
import io.gmeye.hub.estate.Device;
import io.gmeye.hub.estate.Estate;
import io.gmeye.hub.estate.EstateApplier;
import io.gmeye.hub.estate.EstateSnapshot;
import io.gmeye.hub.estate.SiteState;
import io.gmeye.hub.log.Commands;
import io.gmeye.hub.log.LogRecord;
import io.gmeye.hub.store.WriteTx;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.config.DeviceSpec;
import io.gmeye.protocols.error.GmeyeException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The registry's rules over the estate model: the tag catalog, sites, cameras, devices and
 * checkpoints with their tags live in the estate ({@link Estate}); here an import is checked
 * (every reason at once) and written, a site configuration becomes entries, and a removal is
 * made of the entries the estate holds. Entries also come from auto-registration of what agents
 * report before anyone registered it (the estate's applier). Imports and removals are commands in
 * the hub's log: every node applies them in the log's order, and the receiving node answers once it
 * has applied its own.
 */
public final class Registry {
    private static final int MAX_REASONS = 20;
    static final String IMPORT = "registry.import";
    static final String REMOVE = "registry.remove";
    /**
     * The most an import part's entries take as JSON: a large import (the HTTP body may be 16 MiB)
     * goes into the log as several records of at most this, under Kafka's default 1 MB message limit
     * even where a broker was left at it (KafkaLog's topic allows 16 MiB), and a part never holds up
     * the records behind it for long.
     */
    static final int IMPORT_PART_BYTES = 512 * 1024;

    /** What an import changed. */
    public record ImportResult(int tags, int sites, int cameras, int devices, int checkpoints) {
    }

    /**
     * One part of an import as it goes through the hub's log: its entries, and on the last part the
     * whole import's counts, audited once when that part is applied.
     */
    record ImportPart(String actor, int part, int parts, ImportResult total, RegistryImport entries) {
    }

    /** An admin's removal of one camera or device from the registry, as it goes through the hub's log. */
    record Remove(Principal who, boolean camera, String id) {
    }

    private final Commands commands;
    private final AuditLog audit;
    private final Estate estate;
    private final EstateApplier applier;

    public Registry(Commands commands, AuditLog audit, Estate estate, EstateApplier applier) {
        this.commands = commands;
        this.audit = audit;
        this.estate = estate;
        this.applier = applier;
        commands.on(IMPORT, ImportPart.class, Commands.handler(this::applyImport, (c, r) -> adopt(c.entries())));
        commands.on(REMOVE, Remove.class, Commands.handler(this::applyRemove, (c, r) -> adopt(r)));
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

    /** A registered camera's tags as views show them (an agent's only where the catalog holds them now), or none. */
    public List<String> cameraTags(String id) {
        EstateSnapshot now = estate.now();
        Camera c = now.camera(id);
        return c == null || c.entry() == null ? List.of() : now.shownTags(c.entry().entry());
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

    /**
     * Validates the whole import first (every reason at once: 400, nothing logged), then puts it
     * into the hub's log keyed as its entries belong ({@link #bySite}): a site's entries under that
     * site, in order with its configuration, its agent's reports and removals, the tag catalog under
     * {@link LogRecord#HUB}; each key's entries in parts of at most {@link #IMPORT_PART_BYTES} (one
     * part for most), one after the other, the keys side by side. Completes once this node has
     * applied every part. What is checked here (known sites, tags, checkpoints) only ever grows, so
     * applying a part refuses nothing, whichever key's parts a node applies first. A part the log
     * refuses fails the import with its reason; the parts the log took stand, and sending the import
     * again replaces them (entries go by id).
     */
    public CompletableFuture<ImportResult> importAll(String actor, RegistryImport in) {
        List<String> reasons = problems(in);
        if (!reasons.isEmpty()) {
            throw GmeyeException.badRequest("the import was refused, nothing was changed: "
                    + String.join("; ", reasons.subList(0, Math.min(MAX_REASONS, reasons.size())))
                    + (reasons.size() > MAX_REASONS ? "; and " + (reasons.size() - MAX_REASONS) + " more" : ""));
        }
        ImportResult total = new ImportResult(in.tags().size(), in.sites().size(), in.cameras().size(), in.devices().size(), in.checkpoints().size());
        Map<String, List<RegistryImport>> keyed = new LinkedHashMap<>();
        bySite(in).forEach((key, entries) -> keyed.put(key, parts(entries, IMPORT_PART_BYTES)));
        int parts = keyed.values().stream().mapToInt(List::size).sum();
        List<CompletableFuture<ImportResult>> keys = new ArrayList<>();
        int n = 0;
        for (Map.Entry<String, List<RegistryImport>> k : keyed.entrySet()) {
            CompletableFuture<ImportResult> done = CompletableFuture.completedFuture(null);
            for (RegistryImport entries : k.getValue()) {
                // the last part audits the whole import, once
                ImportPart part = new ImportPart(actor, ++n, parts, total, entries);
                // a key's parts in order: the next once the one before it is applied here, so a refused part leaves none after it
                done = done.thenCompose(x -> commands.submit(IMPORT, k.getKey(), part));
            }
            keys.add(done);
        }
        return CompletableFuture.allOf(keys.toArray(CompletableFuture[]::new)).thenApply(x -> total);
    }

    /**
     * The import's entries by the log key they go under: each site's (its site entry, checkpoints,
     * cameras, devices) under the site, in the order the sites first appear; the tags, which belong
     * to no site, under {@link LogRecord#HUB}, first. An empty import is one empty part under the hub's key.
     */
    static Map<String, RegistryImport> bySite(RegistryImport in) {
        Map<String, List<List<Object>>> lists = new LinkedHashMap<>();
        if (!in.tags().isEmpty()) {
            lists.put(LogRecord.HUB, entryLists());
            lists.get(LogRecord.HUB).get(0).addAll(in.tags());
        }
        in.sites().forEach(s -> lists.computeIfAbsent(s.id(), k -> entryLists()).get(1).add(s));
        in.checkpoints().forEach(c -> lists.computeIfAbsent(c.site(), k -> entryLists()).get(2).add(c));
        in.cameras().forEach(c -> lists.computeIfAbsent(c.site(), k -> entryLists()).get(3).add(c));
        in.devices().forEach(d -> lists.computeIfAbsent(d.site(), k -> entryLists()).get(4).add(d));
        if (lists.isEmpty()) {
            lists.put(LogRecord.HUB, entryLists());
        }
        Map<String, RegistryImport> out = new LinkedHashMap<>();
        lists.forEach((key, l) -> out.put(key, part(l)));
        return out;
    }

    /** Lists of tags, sites, checkpoints, cameras, devices, as {@link #part} reads them. */
    private static List<List<Object>> entryLists() {
        return List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    }

    /**
     * The import cut into imports whose entries take at most {@code maxBytes} as JSON each (an
     * entry larger than that alone), in the order tags, sites, checkpoints, cameras, devices.
     */
    static List<RegistryImport> parts(RegistryImport in, int maxBytes) {
        List<RegistryImport> parts = new ArrayList<>();
        List<List<Object>> lists = entryLists();
        List<List<?>> from = List.of(in.tags(), in.sites(), in.checkpoints(), in.cameras(), in.devices());
        long bytes = 0;
        for (int l = 0; l < from.size(); l++) {
            for (Object e : from.get(l)) {
                int size = jsonSize(e);
                if (bytes > 0 && bytes + size > maxBytes) {
                    parts.add(part(lists));
                    lists.forEach(List::clear);
                    bytes = 0;
                }
                lists.get(l).add(e);
                bytes += size;
            }
        }
        if (bytes > 0 || parts.isEmpty()) {
            parts.add(part(lists));
        }
        return parts;
    }

    @SuppressWarnings("unchecked")
    private static RegistryImport part(List<List<Object>> l) {
        return new RegistryImport(List.copyOf((List<Tag>) (List<?>) l.get(0)), List.copyOf((List<SiteEntry>) (List<?>) l.get(1)),
                List.copyOf((List<CameraEntry>) (List<?>) l.get(3)), List.copyOf((List<DeviceEntry>) (List<?>) l.get(4)),
                List.copyOf((List<CheckpointEntry>) (List<?>) l.get(2)));
    }

    private static int jsonSize(Object entry) {
        try {
            return Json.mapper().writeValueAsBytes(entry).length + 1;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies one part: its entries are added or replaced by id; the last part audits the whole import. */
    private ImportResult applyImport(ImportPart c, long at, WriteTx tx) {
        write(tx, c.entries());
        if (c.part() == c.parts()) {
            ImportResult t = c.total();
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("tags", t.tags());
            detail.put("sites", t.sites());
            detail.put("cameras", t.cameras());
            detail.put("devices", t.devices());
            detail.put("checkpoints", t.checkpoints());
            if (c.parts() > 1) {
                detail.put("parts", c.parts());
            }
            audit.record(tx, at, c.actor(), "registry.import", "registry", null, detail);
        }
        return c.total();
    }

    /**
     * A site's configuration from the hub as registry entries, so the cameras and devices it
     * adds are counted and filtered by their tags from the moment it is stored, not from their
     * first report. What an admin registered about them (name, kind, position) is kept; the
     * checkpoints its devices name are registered too when new. Read from the configuration's own
     * write ({@code tx}: the store as of the records before it in the log), not from the estate's
     * last snapshot, which a node updates once per durable round: so a node that applies an import
     * and the configuration in one round keeps the import's name as one that applies them in two.
     */
    public RegistryImport ofSiteConfig(WriteTx tx, String site, List<CameraSpec> cams, List<DeviceSpec> devs) {
        List<CameraEntry> cameraEntries = new ArrayList<>(cams.size());
        for (CameraSpec c : cams) {
            CameraEntry e = applier.camera(tx, c.id());
            cameraEntries.add(e == null ? new CameraEntry(c.id(), site, null, null, c.tags(), null, null, false)
                    : new CameraEntry(c.id(), site, e.name(), e.kind(), c.tags(), e.lat(), e.lon(), false, e.protocol(), e.parent(), e.ptz()));
        }
        List<DeviceEntry> deviceEntries = new ArrayList<>(devs.size());
        List<CheckpointEntry> newCheckpoints = new ArrayList<>();
        for (DeviceSpec d : devs) {
            DeviceEntry had = applier.device(tx, d.id());
            deviceEntries.add(new DeviceEntry(d.id(), site, d.type(), d.checkpoint(), had == null ? null : had.name(), d.tags(), false));
            if (d.checkpoint() != null && applier.checkpoint(tx, d.checkpoint()) == null
                    && newCheckpoints.stream().noneMatch(c -> c.id().equals(d.checkpoint()))) {
                newCheckpoints.add(new CheckpointEntry(d.checkpoint(), site, null, List.of(), false));
            }
        }
        return new RegistryImport(List.of(), List.of(), cameraEntries, deviceEntries, newCheckpoints);
    }

    /**
     * Every tag a site configuration's cameras and devices carry that is not in the tag catalog,
     * as a reason by field. Asked by the node that takes the configuration, before it goes into the
     * log: the catalog only grows, and it travels under the hub's key, so a node that lags on that
     * partition must not judge it again when it applies the site's records.
     */
    public List<String> unknownTags(List<CameraSpec> cams, List<DeviceSpec> devs) {
        EstateSnapshot now = estate.now();
        List<String> reasons = new ArrayList<>();
        for (int i = 0; i < cams.size(); i++) {
            for (String t : cams.get(i).tags()) {
                if (now.tag(t) == null) {
                    reasons.add("cameras[" + i + "].tags: " + t + " is not in the tag catalog");
                }
            }
        }
        for (int i = 0; i < devs.size(); i++) {
            for (String t : devs.get(i).tags()) {
                if (now.tag(t) == null) {
                    reasons.add("devices[" + i + "].tags: " + t + " is not in the tag catalog");
                }
            }
        }
        return reasons;
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

    /**
     * Removes one camera or device through the hub's log: applied in the order of its site's
     * records, it takes out the entry the registry holds then (404 when it holds none any more, so
     * of two admins removing one camera through two nodes one gets 404, on every node), audited.
     * Completes once this node has applied it.
     */
    public CompletableFuture<Removal> remove(Principal who, boolean camera, String id, String site) {
        return commands.submit(REMOVE, site, new Remove(who, camera, id));
    }

    private Removal applyRemove(Remove c, long at, WriteTx tx) {
        CameraEntry cam = c.camera() ? applier.camera(tx, c.id()) : null;
        DeviceEntry dev = c.camera() ? null : applier.device(tx, c.id());
        if (cam == null && dev == null) {
            throw GmeyeException.notFound("no " + (c.camera() ? "camera " : "device ") + c.id() + " in the registry");
        }
        Access.site(c.who(), cam != null ? cam.site() : dev.site());
        Removal r = new Removal(c.who().name(), at, 0, cam == null ? List.of() : List.of(cam), dev == null ? List.of() : List.of(dev));
        write(tx, r);
        return r;
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
}
