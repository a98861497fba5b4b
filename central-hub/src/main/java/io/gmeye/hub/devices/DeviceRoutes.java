package io.gmeye.hub.devices;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Bodies;
import io.gmeye.hub.api.Page;
import io.gmeye.hub.api.Params;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.estate.DeviceStatus;
import io.gmeye.hub.estate.EstateProjections;
import io.gmeye.hub.estate.EstateView;
import io.gmeye.hub.registry.DeviceEntry;
import io.gmeye.hub.registry.Registry;
import io.gmeye.hub.registry.Tagged;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;

/**
 * Devices: GET /api/v1/devices (filtered list with state, last seen and latest telemetry),
 * /api/v1/devices/summary (counts by type and state) and /api/v1/devices/{id}.
 */
public final class DeviceRoutes implements ApiRoutes {
    /**
     * A device now. {@code state} is online, offline or never_reported; {@code lastSeen} the agent's
     * time of the device's last message, {@code reportedAt} the hub's time of the last health report.
     */
    public record DeviceRow(String id, String name, String site, String type, String checkpoint, List<String> tags, boolean auto, String state,
                            boolean online, String reason, long since, long lastSeen, long reportedAt, LatestTelemetry.Reading telemetry) {
    }

    private final Registry registry;
    private final EstateView estate;
    private final LatestTelemetry telemetry;
    private final Store store;
    private final Clock clock;

    public DeviceRoutes(Registry registry, EstateView estate, LatestTelemetry telemetry, Store store, Clock clock) {
        this.registry = registry;
        this.estate = estate;
        this.telemetry = telemetry;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/devices").handler(ctx -> {
            Predicate<Tagged<DeviceEntry>> in = filter(ctx);
            String state = Params.text(ctx, "state");
            String q = Params.text(ctx, "q") == null ? null : Params.text(ctx, "q").toLowerCase();
            int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = Params.integer(ctx, "limit", 100, 1, 5_000);
            Bodies.blocking(ctx, () -> {
                long now = clock.millis();
                List<DeviceRow> rows = new ArrayList<>();
                for (Tagged<DeviceEntry> d : registry.devices().values()) {
                    if (in.test(d) && (q == null || d.entry().id().toLowerCase().contains(q) || d.entry().name().toLowerCase().contains(q))) {
                        DeviceRow r = row(d, now);
                        if (state == null || state.equals(r.state()) || ("offline".equals(state) && !r.online())) {
                            rows.add(r);
                        }
                    }
                }
                rows.sort(Comparator.comparing(DeviceRow::id));
                return Page.of(rows, offset, limit);
            });
        });
        router.get("/api/v1/devices/summary").handler(ctx -> {
            Predicate<Tagged<DeviceEntry>> in = filter(ctx);
            Bodies.blocking(ctx, () -> summary(in));
        });
        router.get("/api/v1/devices/:id").handler(ctx -> {
            Principal p = Access.principal(ctx);
            String id = Params.path(ctx, "id");
            Tagged<DeviceEntry> d = registry.devices().get(id);
            if (d == null) {
                throw GmeyeException.notFound("no device " + id);
            }
            DeviceRow r = row(d, clock.millis());
            Access.site(p, r.site());
            Bodies.blocking(ctx, () -> {
                List<EstateProjections.Transition> changes = new ArrayList<>();
                store.scan(Space.TRANSITIONS, Keys.prefix("device", id), true, (k, v) -> {
                    changes.add(StoredJson.read(v, EstateProjections.Transition.class));
                    return changes.size() < 50;
                });
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("device", r);
                out.put("transitions", changes);
                return out;
            });
        });
    }

    private Predicate<Tagged<DeviceEntry>> filter(RoutingContext ctx) {
        Principal p = Access.principal(ctx);
        String site = Access.siteParam(ctx, p);
        String tag = Params.text(ctx, "tag");
        int tagId = tag == null ? Integer.MIN_VALUE : registry.tagFilter(tag);
        String type = Params.text(ctx, "type");
        String checkpoint = Params.text(ctx, "checkpoint");
        return d -> {
            String s = siteOf(d);
            return p.canSee(s) && (site == null || site.equals(s)) && (tag == null || d.has(tagId)) && (type == null || type.equals(d.entry().type()))
                    && (checkpoint == null || checkpoint.equals(d.entry().checkpoint()));
        };
    }

    private String siteOf(Tagged<DeviceEntry> d) {
        DeviceStatus s = estate.devices().get(d.entry().id());
        return s != null ? s.site() : d.entry().site();
    }

    private DeviceRow row(Tagged<DeviceEntry> d, long now) {
        DeviceEntry e = d.entry();
        DeviceStatus s = estate.devices().get(e.id());
        LatestTelemetry.Reading t = telemetry.get(e.id());
        if (s == null) {
            return new DeviceRow(e.id(), e.name(), e.site(), e.type(), e.checkpoint(), e.tags(), e.auto(), "never_reported", false,
                    "no health report from its agent yet", -1, -1, -1, t);
        }
        boolean alive = estate.siteAlive(s.site(), now);
        boolean on = estate.deviceOnline(s, now);
        String reason = on ? null : !alive ? "site " + s.site() + " silent: no word from its agent" : s.health().reason() != null ? s.health().reason() : "offline";
        return new DeviceRow(e.id(), e.name(), s.site(), e.type(), e.checkpoint(), e.tags(), e.auto(), on ? "online" : "offline", on, reason, s.since(),
                s.health().lastSeen(), s.updatedAt(), t);
    }

    private Map<String, Object> summary(Predicate<Tagged<DeviceEntry>> in) {
        long now = clock.millis();
        Map<String, long[]> byType = new TreeMap<>();
        long total = 0;
        long online = 0;
        for (Tagged<DeviceEntry> d : registry.devices().values()) {
            if (!in.test(d)) {
                continue;
            }
            DeviceStatus s = estate.devices().get(d.entry().id());
            int k = s == null ? 2 : estate.deviceOnline(s, now) ? 0 : 1;
            byType.computeIfAbsent(d.entry().type(), x -> new long[3])[k]++;
            total++;
            online += k == 0 ? 1 : 0;
        }
        List<Map<String, Object>> types = new ArrayList<>();
        byType.forEach((type, n) -> types.add(Map.of("type", type, "online", n[0], "offline", n[1], "neverReported", n[2], "total", n[0] + n[1] + n[2])));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", total);
        out.put("online", online);
        out.put("byType", types);
        return out;
    }
}
