package io.gmeye.hub.online;

import io.gmeye.hub.api.Page;
import io.gmeye.hub.estate.CameraStatus;
import io.gmeye.hub.estate.SiteStatus;
import io.gmeye.hub.estate.EstateView;
import io.gmeye.hub.registry.CameraEntry;
import io.gmeye.hub.registry.Registry;
import io.gmeye.hub.registry.SiteEntry;
import io.gmeye.hub.registry.Tag;
import io.gmeye.hub.registry.Tagged;
import io.gmeye.hub.registry.TagPaths;
import io.gmeye.protocols.camera.CameraHealth;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The 光明之眼 online rate now: every registered camera (a camera that never reported counts as
 * offline), judged on the hub's clock by the estate view, overall, per site and per tag, and the
 * list of cameras with their condition.
 */
public final class OnlineRates {
    public static final double TARGET = 0.97;

    /** Which cameras a question is about. */
    public record Scope(Predicate<String> sites, String site, int tagId) {
        boolean test(Tagged<CameraEntry> c, String site) {
            return sites.test(site) && (this.site == null || this.site.equals(site)) && (tagId == Integer.MIN_VALUE || c.has(tagId));
        }
    }

    /** The answer to GET /api/v1/online-rate. */
    public record Summary(long at, double target, RateGroup overall, String by, List<RateGroup> groups) {
    }

    private final Registry registry;
    private final EstateView estate;
    private final Clock clock;

    public OnlineRates(Registry registry, EstateView estate, Clock clock) {
        this.registry = registry;
        this.estate = estate;
        this.clock = clock;
    }

    /** A scope over the sites a person may see, narrowed by an optional site and tag ({@code null}: any). */
    public Scope scope(Predicate<String> visible, String site, String tag) {
        return new Scope(visible, site, tag == null ? Integer.MIN_VALUE : registry.tagFilter(tag));
    }

    public String siteOf(Tagged<CameraEntry> c) {
        CameraStatus s = estate.cameras().get(c.entry().id());
        return s != null ? s.site() : c.entry().site();
    }

    public boolean online(String camera, long now) {
        CameraStatus s = estate.cameras().get(camera);
        return s != null && estate.cameraOnline(s, now);
    }

    /**
     * Counts now, grouped by site or by tag. By tag, {@code under} keeps the tags below that path
     * and {@code level} the tags of that depth; groups come worst rate first unless {@code best}.
     */
    public Summary summary(Scope scope, String by, String under, int level, boolean best, int limit) {
        long now = clock.millis();
        boolean byTag = "tag".equals(by);
        int tagCount = registry.dictionary().size();
        long[] tagTotal = new long[byTag ? tagCount : 0];
        long[] tagOnline = new long[byTag ? tagCount : 0];
        Map<String, long[]> bySite = new HashMap<>();
        long total = 0;
        long online = 0;
        for (Tagged<CameraEntry> c : registry.cameras().values()) {
            String site = siteOf(c);
            if (!scope.test(c, site)) {
                continue;
            }
            boolean on = online(c.entry().id(), now);
            total++;
            online += on ? 1 : 0;
            if (byTag) {
                for (int id : c.tagIds()) {
                    if (id < tagCount) {
                        tagTotal[id]++;
                        tagOnline[id] += on ? 1 : 0;
                    }
                }
            } else {
                long[] n = bySite.computeIfAbsent(site, s -> new long[2]);
                n[0]++;
                n[1] += on ? 1 : 0;
            }
        }
        List<RateGroup> groups = new ArrayList<>();
        if (byTag) {
            for (int id = 0; id < tagCount; id++) {
                String path = registry.dictionary().path(id);
                if (tagTotal[id] == 0 || (under != null && !path.startsWith(under + "/")) || (level > 0 && TagPaths.depth(path) != level)) {
                    continue;
                }
                Tag t = registry.tag(path);
                groups.add(RateGroup.of(path, t == null ? path : t.label(), tagTotal[id], tagOnline[id], TARGET));
            }
        } else {
            bySite.forEach((site, n) -> {
                SiteEntry s = registry.sites().get(site);
                groups.add(RateGroup.of(site, s == null ? site : s.name(), n[0], n[1], TARGET));
            });
        }
        Comparator<RateGroup> order = Comparator.comparingDouble((RateGroup g) -> g.rate() == null ? 0 : g.rate()).thenComparing(RateGroup::key);
        groups.sort(best ? order.reversed() : order);
        return new Summary(now, TARGET, RateGroup.of("all", "all", total, online, TARGET), byTag ? "tag" : "site",
                groups.subList(0, Math.min(limit, groups.size())));
    }

    /** The overall rate for a scope: what the wall's gauge shows. */
    public RateGroup overall(Scope scope) {
        long now = clock.millis();
        long total = 0;
        long online = 0;
        for (Tagged<CameraEntry> c : registry.cameras().values()) {
            if (scope.test(c, siteOf(c))) {
                total++;
                online += online(c.entry().id(), now) ? 1 : 0;
            }
        }
        return RateGroup.of("all", "all", total, online, TARGET);
    }

    /** Hub time each site was last heard from. */
    public Map<String, Long> siteLastSeen() {
        Map<String, Long> m = new HashMap<>();
        for (SiteStatus s : estate.sites()) {
            m.put(s.id(), s.lastSeen());
        }
        return m;
    }

    /** One camera's row now; {@code lastSeen} from {@link #siteLastSeen()}. */
    public CameraRow row(Tagged<CameraEntry> c, long now, Map<String, Long> lastSeen) {
        CameraEntry e = c.entry();
        CameraStatus s = estate.cameras().get(e.id());
        if (s == null) {
            return new CameraRow(e.id(), e.name(), e.site(), e.kind(), e.tags(), e.auto(), "never_reported", false,
                    "never reported by its agent", -1, -1, null, null, null, null);
        }
        CameraHealth h = s.health();
        boolean alive = estate.siteAlive(s.site(), now);
        boolean on = h.state().countsOnline() && alive;
        String reason = null;
        long since = s.since();
        if (!alive) {
            reason = "site " + s.site() + " silent: no word from its agent";
            since = Math.max(since, lastSeen.getOrDefault(s.site(), -1L));
        } else if (!on) {
            reason = h.reason() != null ? h.reason() : h.lastError() != null ? h.lastError() : h.state().wire();
        }
        return new CameraRow(e.id(), e.name(), s.site(), e.kind(), e.tags(), e.auto(), h.state().wire(), on, reason, since, s.updatedAt(),
                h.fpsDecoded(), h.width(), h.height(), h.lastFrameAgeMs());
    }

    /** Cameras in scope with a state filter: online, offline (not counted online, incl. never reported) or an agent state. */
    public Page<CameraRow> cameras(Scope scope, String state, String q, int offset, int limit) {
        long now = clock.millis();
        List<CameraRow> rows = new ArrayList<>();
        String needle = q == null ? null : q.toLowerCase();
        Map<String, Long> lastSeen = siteLastSeen();
        for (Tagged<CameraEntry> c : registry.cameras().values()) {
            if (!scope.test(c, siteOf(c))) {
                continue;
            }
            if (needle != null && !c.entry().id().toLowerCase().contains(needle) && !c.entry().name().toLowerCase().contains(needle)) {
                continue;
            }
            CameraRow r = row(c, now, lastSeen);
            if (state == null || ("online".equals(state) && r.online()) || ("offline".equals(state) && !r.online())
                    || (!"online".equals(state) && !"offline".equals(state) && state.equals(r.state()))) {
                rows.add(r);
            }
        }
        // the longest offline first when listing what is down, else by id
        rows.sort("offline".equals(state) ? Comparator.comparingLong(CameraRow::since).thenComparing(CameraRow::id)
                : Comparator.comparing(CameraRow::id));
        return Page.of(rows, offset, limit);
    }
}
