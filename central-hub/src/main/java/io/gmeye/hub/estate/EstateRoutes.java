package io.gmeye.hub.estate;

import io.gmeye.hub.api.ApiRoutes;
import io.gmeye.hub.auth.Access;
import io.gmeye.hub.auth.Principal;
import io.gmeye.hub.api.Responses;
import io.gmeye.hub.ingest.IngestService;
import io.gmeye.hub.ingest.SeqTracker;
import io.gmeye.hub.log.HubLog;
import io.gmeye.hub.store.Store;
import io.gmeye.platform.metrics.Metrics;
import io.vertx.ext.web.Router;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** GET /healthz, /metrics, /api/v1/overview and /api/v1/sites. */
public final class EstateRoutes implements ApiRoutes {
    private final EstateView view;
    private final IngestService ingest;
    private final Store store;
    private final HubLog log;
    private final Metrics metrics;
    private final Clock clock;
    private final long startedNanos = System.nanoTime(); // uptime must not jump with the wall clock

    public EstateRoutes(EstateView view, IngestService ingest, Store store, HubLog log, Metrics metrics, Clock clock) {
        this.log = log;
        this.clock = clock;
        this.view = view;
        this.ingest = ingest;
        this.store = store;
        this.metrics = metrics;
    }

    @Override
    public void mount(Router router) {
        router.get("/healthz").handler(ctx -> {
            Map<String, Object> h = new LinkedHashMap<>();
            String trouble = log.trouble();
            h.put("status", trouble == null ? "ok" : "unavailable");
            if (trouble != null) {
                h.put("reason", trouble); // a node that cannot apply the log (disk full) is taken out of the balancer by this 503
            }
            h.put("uptimeMs", (System.nanoTime() - startedNanos) / 1_000_000);
            h.put("storeWritesWaiting", store.pendingWrites());
            h.put("logLag", log.lag().values().stream().mapToLong(Long::longValue).sum());
            Responses.json(ctx, trouble == null ? 200 : 503, h);
        });
        router.get("/metrics").handler(ctx -> ctx.response().putHeader("content-type", "text/plain; version=0.0.4").end(metrics.scrape()));
        // both scoped: an operator of some sites sees neither the others nor their totals
        router.get("/api/v1/overview").handler(ctx -> Responses.json(ctx, view.overview(Access.principal(ctx).scope())));
        router.get("/api/v1/sites").handler(ctx -> {
            Principal who = Access.principal(ctx);
            List<Map<String, Object>> out = new ArrayList<>();
            long now = clock.millis(); // the same clock as the overview's, or the two disagree on who is online
            for (SiteState s : view.sites()) {
                if (!who.canSee(s.id())) {
                    continue;
                }
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("id", s.id());
                m.put("name", s.name());
                m.put("tags", s.tags());
                m.put("online", view.siteAlive(s.id(), now));
                m.put("connected", s.connected());
                m.put("connectedSince", s.connectedSince());
                m.put("lastSeen", s.lastSeen());
                m.put("health", s.health());
                m.put("agentClockAheadMs", view.clockAheadMs(s.id()));
                // as decided in the log (once, by the leader): the same on every node
                m.put("silentSince", s.silentSince() < 0 ? null : s.silentSince());
                m.put("outages", outages(s.silences(), RECENT_OUTAGES));
                SeqTracker t = ingest.tracker(s.id());
                m.put("seqGaps", t == null ? 0 : t.gapsReported());
                m.put("seqMissing", t == null ? 0 : t.missingReported());
                out.add(m);
            }
            Responses.json(ctx, out);
        });
    }

    /** Closed silences a site's row lists, newest last. */
    static final int RECENT_OUTAGES = 10;

    /** The last {@code n} closed silences as {from, to}, oldest first. */
    static List<Map<String, Long>> outages(long[] silences, int n) {
        List<Map<String, Long>> out = new ArrayList<>();
        for (int i = Math.max(0, silences.length - 2 * n); i + 1 < silences.length; i += 2) {
            out.add(Map.of("from", silences[i], "to", silences[i + 1]));
        }
        return out;
    }
}
