package io.gmeye.hub.online;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Bodies;
import io.gmeye.hub.api.Params;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.estate.EstateProjections;
import io.gmeye.hub.registry.CameraEntry;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The camera online rate and the cameras behind it: GET /api/v1/online-rate (now, by site or tag,
 * ranked), /api/v1/online-rate/history (time-weighted, from state transitions),
 * /api/v1/cameras (with the offline ones, why and since when) and /api/v1/cameras/{id}.
 */
public final class OnlineRoutes implements ApiRoutes {
    private static final long HOUR = 3_600_000;
    private static final int MAX_BUCKETS = 2_000;
    private final OnlineRates rates;
    private final OnlineTimeline timeline;
    private final Registry registry;
    private final Store store;
    private final Clock clock;

    public OnlineRoutes(OnlineRates rates, OnlineTimeline timeline, Registry registry, Store store, Clock clock) {
        this.rates = rates;
        this.timeline = timeline;
        this.registry = registry;
        this.store = store;
        this.clock = clock;
    }

    @Override
    public void mount(Router router) {
        router.get("/api/v1/online-rate").handler(ctx -> {
            OnlineRates.Scope scope = scope(ctx);
            String by = Params.text(ctx, "by");
            if (by != null && !by.equals("site") && !by.equals("tag")) {
                throw GmeyeException.badRequest("by: must be site or tag, got " + by);
            }
            String under = Params.text(ctx, "under");
            int level = Params.integer(ctx, "level", 0, 0, 16);
            String order = Params.text(ctx, "order");
            if (order != null && !order.equals("worst") && !order.equals("best")) {
                throw GmeyeException.badRequest("order: must be worst or best, got " + order);
            }
            int limit = Params.integer(ctx, "limit", 1000, 1, 100_000);
            Bodies.blocking(ctx, () -> rates.summary(scope, by == null ? "site" : by, under, level, "best".equals(order), limit));
        });
        router.get("/api/v1/online-rate/history").handler(ctx -> {
            OnlineRates.Scope scope = scope(ctx);
            long now = clock.millis();
            long to = Params.time(ctx, "to", now);
            long from = Params.time(ctx, "from", to - 24 * HOUR);
            long step = Params.integer(ctx, "stepSeconds", 900, 1, 86_400 * 31) * 1000L;
            if (from >= to) {
                throw GmeyeException.badRequest("from, to: from must be before to");
            }
            if ((to - from) / step > MAX_BUCKETS) {
                throw GmeyeException.badRequest("stepSeconds: " + step / 1000 + " s makes more than " + MAX_BUCKETS + " buckets over this range");
            }
            Bodies.blocking(ctx, () -> {
                Map<String, Object> out = new LinkedHashMap<>();
                out.put("from", from);
                out.put("to", to);
                out.put("stepSeconds", step / 1000);
                out.put("target", OnlineRates.TARGET);
                out.put("buckets", timeline.history(id -> {
                    Tagged<CameraEntry> c = registry.cameraOrRemoved(id); // a removed camera counts up to its removal
                    return c != null && scope.test(c, rates.siteOf(c));
                }, from, to, step, now));
                return out;
            });
        });
        router.get("/api/v1/cameras").handler(ctx -> {
            OnlineRates.Scope scope = scope(ctx);
            String state = Params.text(ctx, "state");
            String q = Params.text(ctx, "q");
            int offset = Params.integer(ctx, "offset", 0, 0, Integer.MAX_VALUE);
            int limit = Params.integer(ctx, "limit", 100, 1, 5_000);
            String protocol = Params.text(ctx, "protocol");
            if (protocol != null && !io.gmeye.protocols.camera.CameraInventory.Source.PROTOCOLS.contains(protocol)) {
                throw GmeyeException.badRequest("protocol: '" + protocol + "' (rtsp, gb28181 or onvif)");
            }
            OnlineRates.SourceFilter source = new OnlineRates.SourceFilter(protocol, Params.text(ctx, "parent"));
            OnlineRates.StreamFilter stream = new OnlineRates.StreamFilter(codec(Params.text(ctx, "codec")),
                    Params.integer(ctx, "reconnectsOver", -1, 0, 1_000_000));
            Bodies.blocking(ctx, () -> rates.cameras(scope, source, stream, state, q, offset, limit));
        });
        router.get("/api/v1/cameras/:id").handler(this::camera);
    }

    /** A codec as the agents name it (FFmpeg's names), also by its other common names. */
    static String codec(String name) {
        if (name == null) {
            return null;
        }
        return switch (name.toLowerCase()) {
            case "h265", "hevc", "h.265" -> "hevc";
            case "h264", "avc", "h.264" -> "h264";
            default -> name.toLowerCase();
        };
    }

    private OnlineRates.Scope scope(RoutingContext ctx) {
        Principal p = Access.principal(ctx);
        String site = Access.siteParam(ctx, p);
        return rates.scope(p.scope(), site, Params.text(ctx, "tag"));
    }

    private void camera(RoutingContext ctx) {
        Principal p = Access.principal(ctx);
        String id = Params.path(ctx, "id");
        Tagged<CameraEntry> c = registry.cameras().get(id);
        if (c == null) {
            throw GmeyeException.notFound("no camera " + id);
        }
        Access.site(p, rates.siteOf(c));
        Bodies.blocking(ctx, () -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("camera", rates.row(c, clock.millis(), rates.siteLastSeen()));
            List<EstateProjections.Transition> changes = new ArrayList<>();
            store.scan(Space.TRANSITIONS, Keys.prefix("camera", id), true, (k, v) -> {
                changes.add(StoredJson.read(v, EstateProjections.Transition.class));
                return changes.size() < 50;
            });
            out.put("transitions", changes);
            return out;
        });
    }
}
