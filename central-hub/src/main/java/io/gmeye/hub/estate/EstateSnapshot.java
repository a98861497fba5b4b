package io.gmeye.hub.estate;

import io.gmeye.hub.registry.CameraEntry;
import io.gmeye.hub.registry.CheckpointEntry;
import io.gmeye.hub.registry.Codes;
import io.gmeye.hub.registry.Tag;
import io.gmeye.hub.registry.TagDictionary;
import io.gmeye.hub.registry.Tagged;
import io.gmeye.protocols.device.DeviceState;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The estate as of one applied batch of the log: sites, cameras, devices, checkpoints and the tag
 * catalog, each with what the registry holds and the latest state. Immutable: a view reads one
 * snapshot from start to end and never sees half a batch; the next batch makes a new snapshot
 * that shares what it did not change. Online is judged on the hub's clock: a camera its agent
 * calls online counts offline while its site is silent.
 */
public final class EstateSnapshot {
    /** Per chunk of cameras, the columns the online-rate counts scan: site number, agent says online, tag numbers; and the rows. */
    public record CameraColumns(Table.Chunk<Camera> rows, int[] site, boolean[] agentOnline, int[][] tags) {
        public int size() {
            return site.length;
        }
    }

    private static final int[] NO_TAGS = new int[0];

    final long version;
    final long siteTimeoutMs;
    final long judgingSince;
    final Codes siteCodes;
    final TagDictionary dictionary;
    final Map<String, Tag> tags;
    final Map<String, SiteState> sites;
    final Table<Camera> cameras;
    final Table<Device> devices;
    final Map<String, Tagged<CheckpointEntry>> checkpoints;
    final Map<String, List<String>> gates;
    final Map<String, Tombstone> removedCameras;
    final Map<String, Tombstone> removedDevices;
    private volatile List<CameraColumns> columns;

    EstateSnapshot(long version, long siteTimeoutMs, long judgingSince, Codes siteCodes, TagDictionary dictionary, Map<String, Tag> tags, Map<String, SiteState> sites,
                   Table<Camera> cameras, Table<Device> devices, Map<String, Tagged<CheckpointEntry>> checkpoints, Map<String, List<String>> gates,
                   Map<String, Tombstone> removedCameras, Map<String, Tombstone> removedDevices) {
        this.version = version;
        this.siteTimeoutMs = siteTimeoutMs;
        this.judgingSince = judgingSince;
        this.siteCodes = siteCodes;
        this.dictionary = dictionary;
        this.tags = tags;
        this.sites = sites;
        this.cameras = cameras;
        this.devices = devices;
        this.checkpoints = checkpoints;
        this.gates = gates;
        this.removedCameras = removedCameras;
        this.removedDevices = removedDevices;
    }

    /** Counts the applied batches: a view may cache what it derives from a snapshot by it. */
    public long version() {
        return version;
    }

    public long siteTimeoutMs() {
        return siteTimeoutMs;
    }

    // ---- sites ----

    public SiteState site(String id) {
        return sites.get(id);
    }

    /** Every site the estate knows (configured, imported or heard from), by id. */
    public List<SiteState> sites() {
        List<SiteState> out = new ArrayList<>(sites.values());
        out.sort(Comparator.comparing(SiteState::id));
        return out;
    }

    /** A site counts alive while its agent is connected or was heard from within the site timeout. */
    public boolean siteAlive(String site, long now) {
        SiteState s = sites.get(site);
        return s != null && (s.connected() || (s.lastSeen() >= 0 && now - s.lastSeen() <= siteTimeoutMs));
    }

    /**
     * When a site whose agent is down counts silent: its last word plus the timeout, but never
     * before the timeout has passed since this node began judging (the hub's own downtime is no
     * site's fault), its connection ended, or its last silence ended; Long.MAX_VALUE if never heard.
     */
    public long silentFrom(SiteState s) {
        if (s.lastSeen() < 0) {
            return Long.MAX_VALUE;
        }
        return Math.max(Math.max(Math.max(s.lastSeen(), judgingSince) + siteTimeoutMs, s.downSince()), s.lastSilenceEnd());
    }

    /** The start of the site's silence now: the one decided, else one due by the clock, else Long.MAX_VALUE. */
    public long silenceStart(SiteState s) {
        return s.silentSince() >= 0 ? s.silentSince() : s.connected() ? Long.MAX_VALUE : silentFrom(s);
    }

    /** The site's silences up to {@code now} as from, to pairs in time order; one going on ends at {@code now}. */
    public long[] silences(String site, long now) {
        SiteState s = sites.get(site);
        if (s == null) {
            return new long[0];
        }
        long open = silenceStart(s);
        long[] closed = s.silences();
        long[] out = java.util.Arrays.copyOf(closed, closed.length + (open < now ? 2 : 0));
        if (open < now) {
            out[closed.length] = open;
            out[closed.length + 1] = now;
        }
        return out;
    }

    // ---- cameras ----

    public Camera camera(String id) {
        return cameras.get(id);
    }

    public Table<Camera> cameras() {
        return cameras;
    }

    /** A registered camera, else the last entry of a removed one (for the history up to its removal); null when neither. */
    public Tagged<CameraEntry> cameraOrRemoved(String id) {
        Camera c = cameras.get(id);
        if (c != null && c.entry() != null) {
            return c.entry();
        }
        Tombstone t = removedCameras.get(id);
        return t == null ? null : AgentTags.tagged(t.camera(), dictionary, p -> tags.containsKey(p));
    }

    public boolean cameraOnline(Camera c, long now) {
        return c.agentOnline() && siteAlive(c.site(), now);
    }

    /** Site numbers of the camera columns ({@link CameraColumns#site}). */
    public Codes siteCodes() {
        return siteCodes;
    }

    /**
     * The columns of every chunk of {@link #cameras()}, in chunk order. A chunk's columns are made
     * once and shared by the snapshots that share the chunk; once this returns, {@link #siteCodes()}
     * numbers every site the columns name.
     */
    public List<CameraColumns> cameraColumns() {
        List<CameraColumns> c = columns;
        if (c == null) {
            c = new ArrayList<>(cameras.chunkCount());
            for (int i = 0; i < cameras.chunkCount(); i++) {
                c.add(cameras.chunk(i).derived(this::columns));
            }
            columns = c;
        }
        return c;
    }

    /**
     * Per site number, whether the site passes {@code in} and, if so, is alive now: what a scan of
     * the camera columns needs. Call after {@link #cameraColumns()}.
     */
    public boolean[][] siteFlags(Predicate<String> in, long now) {
        int n = siteCodes.size();
        boolean[] pass = new boolean[n];
        boolean[] alive = new boolean[n];
        for (int i = 0; i < n; i++) {
            String site = siteCodes.name(i);
            pass[i] = in.test(site);
            alive[i] = pass[i] && siteAlive(site, now);
        }
        return new boolean[][] {pass, alive};
    }

    private CameraColumns columns(Table.Chunk<Camera> ch) {
        int n = ch.size();
        int[] site = new int[n];
        boolean[] online = new boolean[n];
        int[][] tagIds = new int[n][];
        for (int i = 0; i < n; i++) {
            Camera c = ch.row(i);
            site[i] = siteCodes.code(c.site());
            online[i] = c.agentOnline();
            tagIds[i] = c.entry() == null ? NO_TAGS : c.entry().tagIds();
        }
        return new CameraColumns(ch, site, online, tagIds);
    }

    // ---- devices ----

    public Device device(String id) {
        return devices.get(id);
    }

    public Table<Device> devices() {
        return devices;
    }

    public boolean deviceOnline(Device d, long now) {
        return d.status() != null && d.status().health().state() == DeviceState.ONLINE && siteAlive(d.site(), now);
    }

    // ---- checkpoints ----

    public Tagged<CheckpointEntry> checkpoint(String id) {
        return checkpoints.get(id);
    }

    public Collection<Tagged<CheckpointEntry>> checkpoints() {
        return checkpoints.values();
    }

    /** The registered gate devices (sentinels, turnstiles) of a checkpoint. */
    public List<String> gates(String checkpoint) {
        return gates.getOrDefault(checkpoint, List.of());
    }

    public long gatesOnline(String checkpoint, long now) {
        return gates(checkpoint).stream().filter(id -> {
            Device d = devices.get(id);
            return d != null && deviceOnline(d, now);
        }).count();
    }

    /** A checkpoint counts online when its site is alive and, if it has registered gates, one of them is online. */
    public boolean checkpointOnline(Tagged<CheckpointEntry> c, long now) {
        return siteAlive(c.entry().site(), now) && (gates(c.entry().id()).isEmpty() || gatesOnline(c.entry().id(), now) > 0);
    }

    // ---- the tag catalog ----

    public TagDictionary dictionary() {
        return dictionary;
    }

    public Collection<Tag> tags() {
        List<Tag> out = new ArrayList<>(tags.values());
        out.sort(Comparator.comparing(Tag::path));
        return out;
    }

    /** A camera entry's tags as views show them: an agent's only where the catalog holds them now ({@link AgentTags}). */
    public List<String> shownTags(CameraEntry c) {
        return AgentTags.shown(c, tags::containsKey);
    }

    public Tag tag(String path) {
        return tags.get(path);
    }

    /** The number of a tag filter: -1 when nothing ever carried it (the filter then matches nothing). */
    public int tagFilter(String path) {
        return dictionary.find(path);
    }

    // ---- removals ----

    public Tombstone removedCamera(String id) {
        return removedCameras.get(id);
    }

    public Tombstone removedDevice(String id) {
        return removedDevices.get(id);
    }
}
