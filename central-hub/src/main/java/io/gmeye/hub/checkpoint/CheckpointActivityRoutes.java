package io.gmeye.hub.checkpoint;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Bodies;
import io.gmeye.hub.api.Params;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.estate.DeviceStatus;
import io.gmeye.hub.estate.EstateView;
import io.gmeye.hub.estate.SiteStatus;
import io.gmeye.hub.registry.CheckpointEntry;
import io.gmeye.hub.registry.DeviceEntry;
import io.gmeye.hub.registry.Registry;
import io.gmeye.hub.registry.Tagged;
import io.gmeye.hub.workitems.WorkItems;
import io.gmeye.hub.workitems.WorkKind;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Checkpoints: GET /api/v1/checkpoints (each with today's passes, open alerts, gates online),
 * /api/v1/checkpoints/activity (passes per hour and per gate, denials per reason),
 * /api/v1/checkpoints/denials (the latest refused passes) and /api/v1/whitelist/versions (the
 * version each site's agent holds against the hub's).
 */
public final class CheckpointActivityRoutes implements ApiRoutes {
    private final Registry registry;
    private final EstateView estate;
    private final CheckpointActivity activity;
    private final WorkItems items;
    private final Clock clock;
    private final WhitelistService whitelist;
    private volatile Map<String, List<DeviceEntry>> gatesCache;
    private volatile long gatesVersion = -1;

    public CheckpointActivityRoutes(Registry registry, EstateView estate, CheckpointActivity activity, WorkItems items, WhitelistService whitelist,
                                    Clock clock) {
        this.registry = registry;
        this.whitelist = whitelist;
        this.estate = estate;
        this.activity = activity;
        this.items = items;
        this.clock = clock;
    }

    /** A checkpoint counts online when its site's agent is alive and, if it has registered gates, one of them is online. */
    public boolean online(Tagged<CheckpointEntry> c, Map<String, List<DeviceEntry>> gates, long now) {
        if (!estate.siteAlive(c.entry().site(), now)) {
            return false;
        }
        List<DeviceEntry> g = gates.getOrDefault(c.entry().id(), List.of());
        return g.isEmpty() || g.stream().anyMatch(d -> {
            DeviceStatus s = estate.devices().get(d.id());
            return s != null && estate.deviceOnline(s, now);
        });
    }

    /** Checkpoint id to its registered gate devices; rebuilt only when the registry changed. */
    public Map<String, List<DeviceEntry>> gates() {
        long v = registry.version();
        Map<String, List<DeviceEntry>> cached = gatesCache;
        if (cached != null && gatesVersion == v) {
            return cached;
        }
        Map<String, List<DeviceEntry>> out = new HashMap<>();
        registry.devices().values().forEach(d -> {
            if (d.entry().checkpoint() != null) {
                out.computeIfAbsent(d.entry().checkpoint(), k -> new ArrayList<>()).add(d.entry());
            }
        });
        gatesCache = out;
        gatesVersion = v;
        return out;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/checkpoints").handler(ctx -> {
            Predicate<Tagged<CheckpointEntry>> in = filter(ctx);
            Bodies.blocking(ctx, () -> list(in));
        });
        router.get("/api/v1/checkpoints/activity").handler(ctx -> {
            Predicate<Tagged<CheckpointEntry>> in = filter(ctx);
            int hours = Params.integer(ctx, "hours", 24, 1, 24 * 31);
            Bodies.blocking(ctx, () -> activity(in, hours));
        });
        router.get("/api/v1/checkpoints/denials").handler(ctx -> {
            Predicate<Tagged<CheckpointEntry>> in = filter(ctx);
            int limit = Params.integer(ctx, "limit", 50, 1, 500);
            Bodies.blocking(ctx, () -> activity.denials(d -> {
                Tagged<CheckpointEntry> c = registry.checkpoints().get(d.checkpoint());
                return c != null && in.test(c);
            }, limit, 50_000));
        });
        router.get("/api/v1/whitelist/versions").handler(ctx -> {
            Principal p = Access.principal(ctx);
            long hub = whitelist.version();
            Map<String, Long> held = whitelist.siteVersions(); // what each agent last said it holds, kept across hub restarts
            List<Map<String, Object>> out = new ArrayList<>();
            for (SiteStatus s : estate.sites()) {
                if (!p.canSee(s.id())) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                long agent = held.getOrDefault(s.id(), -1L);
                m.put("site", s.id());
                m.put("name", s.name());
                m.put("agentVersion", agent);
                m.put("reportedAt", s.healthAt());
                m.put("hubVersion", hub);
                m.put("behind", hub >= 0 && agent >= 0 && agent < hub);
                out.add(m);
            }
            io.gmeye.hub.api.Responses.json(ctx, out);
        });
    }

    private Predicate<Tagged<CheckpointEntry>> filter(RoutingContext ctx) {
        Principal p = Access.principal(ctx);
        String site = Access.siteParam(ctx, p);
        String tag = Params.text(ctx, "tag");
        int tagId = tag == null ? Integer.MIN_VALUE : registry.tagFilter(tag);
        String checkpoint = Params.text(ctx, "checkpoint");
        return c -> p.canSee(c.entry().site()) && (site == null || site.equals(c.entry().site())) && (tag == null || c.has(tagId))
                && (checkpoint == null || checkpoint.equals(c.entry().id()));
    }

    private List<Map<String, Object>> list(Predicate<Tagged<CheckpointEntry>> in) {
        long now = clock.millis();
        long today = Math.floorDiv(now, 86_400_000L) * 86_400_000L;
        Map<String, List<DeviceEntry>> gates = gates();
        Map<String, Long> open = items.openBySource(WorkKind.CHECKPOINT_ALERT);
        Map<String, long[]> passes = new HashMap<>();
        activity.counts(cp -> true, today, today + 86_400_000L).forEach(h -> {
            long[] n = passes.computeIfAbsent(h.checkpoint(), k -> new long[2]);
            n[0] += h.allowed();
            n[1] += h.denied();
        });
        List<Map<String, Object>> out = new ArrayList<>();
        registry.checkpoints().values().stream().filter(in).sorted(Comparator.comparing(c -> c.entry().id())).forEach(c -> {
            CheckpointEntry e = c.entry();
            long[] n = passes.getOrDefault(e.id(), new long[2]);
            List<DeviceEntry> g = gates.getOrDefault(e.id(), List.of());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", e.id());
            m.put("name", e.name());
            m.put("site", e.site());
            m.put("tags", e.tags());
            m.put("online", online(c, gates, now));
            m.put("gates", g.size());
            m.put("gatesOnline", g.stream().filter(d -> {
                DeviceStatus s = estate.devices().get(d.id());
                return s != null && estate.deviceOnline(s, now);
            }).count());
            m.put("allowedToday", n[0]);
            m.put("deniedToday", n[1]);
            m.put("openAlerts", open.getOrDefault(e.id(), 0L));
            out.add(m);
        });
        return out;
    }

    private Map<String, Object> activity(Predicate<Tagged<CheckpointEntry>> in, int hours) {
        long now = clock.millis();
        long toHour = Math.floorDiv(now, CheckpointActivity.HOUR) * CheckpointActivity.HOUR + CheckpointActivity.HOUR;
        long fromHour = toHour - hours * CheckpointActivity.HOUR;
        TreeMap<Long, long[]> perHour = new TreeMap<>();
        for (long h = fromHour; h < toHour; h += CheckpointActivity.HOUR) {
            perHour.put(h, new long[3]);
        }
        Map<String, long[]> perGate = new HashMap<>();
        Map<String, Long> reasons = new TreeMap<>();
        for (HourCount c : activity.counts(cp -> {
            Tagged<CheckpointEntry> t = registry.checkpoints().get(cp);
            return t != null && in.test(t);
        }, fromHour, toHour)) {
            long[] n = perHour.get(c.hour());
            n[0] += c.allowed();
            n[1] += c.denied();
            n[2] += c.timeouts();
            c.byGate().forEach((g, k) -> perGate.computeIfAbsent(c.checkpoint() + "|" + g, x -> new long[1])[0] += k);
            c.denyReasons().forEach((r, k) -> reasons.merge(r, k, Long::sum));
        }
        List<Map<String, Object>> series = new ArrayList<>();
        perHour.forEach((h, n) -> series.add(Map.of("hour", h, "allowed", n[0], "denied", n[1], "timeouts", n[2])));
        List<Map<String, Object>> gateList = new ArrayList<>();
        perGate.entrySet().stream().sorted((a, b) -> Long.compare(b.getValue()[0], a.getValue()[0])).limit(50).forEach(e -> {
            String[] k = e.getKey().split("\\|", 2);
            gateList.add(Map.of("checkpoint", k[0], "gate", k[1], "passes", e.getValue()[0]));
        });
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("from", fromHour);
        out.put("to", toHour);
        out.put("hours", series);
        out.put("gates", gateList);
        out.put("denyReasons", reasons);
        return out;
    }
}
