package io.gmeye.hub.devices;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Bodies;
import io.gmeye.hub.api.Page;
import io.gmeye.hub.api.Params;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.estate.Device;
import io.gmeye.hub.estate.DeviceStatus;
import io.gmeye.hub.estate.Estate;
import io.gmeye.hub.estate.EstateSnapshot;
import io.gmeye.hub.estate.Reading;
import io.gmeye.hub.estate.Transition;
import io.gmeye.hub.estate.TransitionKey;
import io.gmeye.hub.registry.DeviceEntry;
import io.gmeye.hub.registry.Tagged;
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
                            boolean online, String reason, long since, long lastSeen, long reportedAt, Reading telemetry) {
    }

    private final Estate estate;
    private final Clock clock;

    public DeviceRoutes(Estate estate, Clock clock) {
        this.estate = estate;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/devices").handler(ctx -> {
            Predicate<Device> in = filter(ctx);
            String state = Params.text(ctx, "state");
            String q = Params.text(ctx, "q") == null ? null : Params.text(ctx, "q").toLowerCase();
            int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = Params.integer(ctx, "limit", 100, 1, 5_000);
            Bodies.blocking(ctx, () -> {
                long now = clock.millis();
                EstateSnapshot snap = estate.now();
                List<DeviceRow> rows = new ArrayList<>();
                snap.devices().forEach(d -> {
                    if (d.entry() != null && in.test(d)
                            && (q == null || d.id().toLowerCase().contains(q) || d.entry().entry().name().toLowerCase().contains(q))) {
                        DeviceRow r = row(snap, d, now);
                        if (state == null || state.equals(r.state()) || ("offline".equals(state) && !r.online())) {
                            rows.add(r);
                        }
                    }
                });
                rows.sort(Comparator.comparing(DeviceRow::id));
                return Page.of(rows, offset, limit);
            });
        });
        router.get("/api/v1/devices/summary").handler(ctx -> {
            Predicate<Device> in = filter(ctx);
            Bodies.blocking(ctx, () -> summary(in));
        });
        router.get("/api/v1/devices/:id").handler(ctx -> {
            Principal p = Access.principal(ctx);
            String id = Params.path(ctx, "id");
            EstateSnapshot snap = estate.now();
            Device d = snap.device(id);
            if (d == null || d.entry() == null) {
                throw GmeyeException.notFound("no device " + id);
            }
            DeviceRow r = row(snap, d, clock.millis());
            Access.site(p, r.site());
            Bodies.blocking(ctx, () -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("device", r);
                out.put("transitions", estate.transitions().recent(TransitionKey.device(id), Transition.class, 50));
                return out;
            });
        });
    }

    /** Registered devices passing the request's filters. */
    private Predicate<Device> filter(RoutingContext ctx) {
        Principal p = Access.principal(ctx);
        String site = Access.siteParam(ctx, p);
        String tag = Params.text(ctx, "tag");
        int tagId = tag == null ? Integer.MIN_VALUE : estate.now().tagFilter(tag);
        String type = Params.text(ctx, "type");
        String checkpoint = Params.text(ctx, "checkpoint");
        return x -> {
            Tagged<DeviceEntry> d = x.entry();
            String s = x.site();
            return d != null && p.canSee(s) && (site == null || site.equals(s)) && (tag == null || d.has(tagId))
                    && (type == null || type.equals(d.entry().type())) && (checkpoint == null || checkpoint.equals(d.entry().checkpoint()));
        };
    }

    private static DeviceRow row(EstateSnapshot snap, Device d, long now) {
        DeviceEntry e = d.entry().entry();
        DeviceStatus s = d.status();
        Reading t = d.telemetry();
        if (s == null) {
            return new DeviceRow(e.id(), e.name(), e.site(), e.type(), e.checkpoint(), e.tags(), e.auto(), "never_reported", false,
                    "no health report from its agent yet", -1, -1, -1, t);
        }
        boolean alive = snap.siteAlive(s.site(), now);
        boolean on = snap.deviceOnline(d, now);
        String reason = on ? null : !alive ? "site " + s.site() + " silent: no word from its agent" : s.health().reason() != null ? s.health().reason() : "offline";
        return new DeviceRow(e.id(), e.name(), s.site(), e.type(), e.checkpoint(), e.tags(), e.auto(), on ? "online" : "offline", on, reason, s.since(),
                s.health().lastSeen(), s.updatedAt(), t);
    }

    private Map<String, Object> summary(Predicate<Device> in) {
        long now = clock.millis();
        EstateSnapshot snap = estate.now();
        Map<String, long[]> byType = new TreeMap<>();
        long[] counts = new long[2];
        snap.devices().forEach(d -> {
            if (!in.test(d)) {
                return;
            }
            int k = d.status() == null ? 2 : snap.deviceOnline(d, now) ? 0 : 1;
            byType.computeIfAbsent(d.entry().entry().type(), x -> new long[3])[k]++;
            counts[0]++;
            counts[1] += k == 0 ? 1 : 0;
        });
        long total = counts[0];
        long online = counts[1];
        List<Map<String, Object>> types = new ArrayList<>();
        byType.forEach((type, n) -> types.add(Map.of("type", type, "online", n[0], "offline", n[1], "neverReported", n[2], "total", n[0] + n[1] + n[2])));
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", total);
        out.put("online", online);
        out.put("byType", types);
        return out;
    }
}
