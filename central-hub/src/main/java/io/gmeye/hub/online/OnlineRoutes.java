package io.gmeye.hub.online;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.api.Bodies;
import io.gmeye.hub.api.Params;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.estate.Camera;
import io.gmeye.hub.estate.Estate;
import io.gmeye.hub.estate.EstateSnapshot;
import io.gmeye.hub.estate.Transition;
import io.gmeye.hub.estate.TransitionKey;
import io.gmeye.hub.registry.CameraEntry;
import io.gmeye.hub.registry.Tagged;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.LinkedHashMap;
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
    private final Estate estate;
    private final Clock clock;

    public OnlineRoutes(OnlineRates rates, Estate estate, Clock clock) {
        this.rates = rates;
        this.estate = estate;
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
                EstateSnapshot snap = estate.now();
                out.put("buckets", estate.history().history(snap, id -> {
                    Tagged<CameraEntry> c = snap.cameraOrRemoved(id); // a removed camera counts up to its removal
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
        Camera c = estate.now().camera(id);
        if (c == null || c.entry() == null) {
            throw GmeyeException.notFound("no camera " + id);
        }
        Access.site(p, c.site());
        Bodies.blocking(ctx, () -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("camera", rates.row(id, clock.millis(), rates.siteLastSeen()));
            out.put("transitions", estate.transitions().recent(TransitionKey.camera(id), Transition.class, 50));
            return out;
        });
    }
}
