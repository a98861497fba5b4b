package io.gmeye.hub.metrics;

import io.gmeye.hub.estate.CameraStatus;
import io.gmeye.hub.estate.DeviceStatus;
import io.gmeye.hub.estate.EstateView;
import io.gmeye.hub.estate.SiteStatus;
import io.gmeye.hub.online.OnlineRates;
import io.gmeye.hub.online.RateGroup;
import io.gmeye.hub.registry.Registry;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.agent.AgentHealth;
import io.gmeye.protocols.camera.CameraState;
import java.time.Clock;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What an operator alerts on, as Prometheus gauges: the camera online rate (overall and per
 * site, as the wall's gauge counts it), cameras and devices by state, and each site's agent
 * (alive, silent for how long, outbox backlog, disk). The figures are computed together by
 * {@link #refresh()} off the event loop (a walk over the registry) and the gauges read the latest
 * snapshot, so a scrape costs nothing and every gauge of one scrape agrees with the others.
 */
public final class EstateGauges {
    static final String NEVER_REPORTED = "never_reported";
    private static final List<String> DEVICE_STATES = List.of("online", "offline", NEVER_REPORTED);

    /** A site's agent as the gauges show it; NaN where its agent has not sent a heartbeat yet. */
    record SiteFigures(double cameraRate, boolean alive, double silentSeconds, double outboxDepth, double outboxOldestAgeSeconds,
                       double diskFreeRatio) {
    }

    record Snapshot(double cameraRate, Map<String, Long> cameras, Map<String, Long> devices, Map<String, SiteFigures> sites) {
    }

    private final OnlineRates rates;
    private final EstateView estate;
    private final Registry registry;
    private final Clock clock;
    private volatile Snapshot latest = new Snapshot(Double.NaN, Map.of(), Map.of(), Map.of());

    public EstateGauges(OnlineRates rates, EstateView estate, Registry registry, Clock clock) {
        this.rates = rates;
        this.estate = estate;
        this.registry = registry;
        this.clock = clock;
    }

    /** Registers the gauges of the estate and of each configured site. */
    public EstateGauges register(Metrics metrics, List<String> sites) {
        metrics.gauge("gmeye.cameras.online_rate", () -> latest.cameraRate());
        for (CameraState s : CameraState.values()) {
            metrics.gauge("gmeye.cameras", () -> latest.cameras().getOrDefault(s.wire(), 0L), "state", s.wire());
        }
        metrics.gauge("gmeye.cameras", () -> latest.cameras().getOrDefault(NEVER_REPORTED, 0L), "state", NEVER_REPORTED);
        for (String s : DEVICE_STATES) {
            metrics.gauge("gmeye.devices", () -> latest.devices().getOrDefault(s, 0L), "state", s);
        }
        for (String site : sites) {
            metrics.gauge("gmeye.site.cameras.online_rate", () -> site(site).cameraRate(), "site", site);
            metrics.gauge("gmeye.site.up", () -> site(site).alive() ? 1 : 0, "site", site);
            metrics.gauge("gmeye.site.silent_seconds", () -> site(site).silentSeconds(), "site", site);
            metrics.gauge("gmeye.site.outbox.depth", () -> site(site).outboxDepth(), "site", site);
            metrics.gauge("gmeye.site.outbox.oldest_age_seconds", () -> site(site).outboxOldestAgeSeconds(), "site", site);
            metrics.gauge("gmeye.site.disk_free_ratio", () -> site(site).diskFreeRatio(), "site", site);
        }
        return this;
    }

    private SiteFigures site(String id) {
        SiteFigures f = latest.sites().get(id);
        return f != null ? f : new SiteFigures(Double.NaN, false, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
    }

    /** Computes every figure now. A walk over the registry: call it from a worker, not the event loop. */
    public void refresh() {
        long now = clock.millis();
        OnlineRates.Summary bySite = rates.summary(rates.scope(s -> true, null, null), "site", null, 0, false, Integer.MAX_VALUE);
        Map<String, Double> siteRates = new HashMap<>();
        for (RateGroup g : bySite.groups()) {
            siteRates.put(g.key(), rate(g));
        }
        Map<String, Long> cameras = new LinkedHashMap<>();
        registry.cameras().keySet().forEach(id -> {
            CameraStatus s = estate.cameras().get(id);
            cameras.merge(s == null ? NEVER_REPORTED : s.health().state().wire(), 1L, Long::sum);
        });
        Map<String, Long> devices = new LinkedHashMap<>();
        registry.devices().keySet().forEach(id -> {
            DeviceStatus s = estate.devices().get(id);
            devices.merge(s == null ? NEVER_REPORTED : estate.deviceOnline(s, now) ? "online" : "offline", 1L, Long::sum);
        });
        Map<String, SiteFigures> sites = new HashMap<>();
        for (SiteStatus s : estate.sites()) {
            AgentHealth h = s.health();
            sites.put(s.id(), new SiteFigures(siteRates.getOrDefault(s.id(), Double.NaN), estate.siteAlive(s.id(), now),
                    s.lastSeen() < 0 ? Double.NaN : Math.max(0, now - s.lastSeen()) / 1000.0,
                    h == null ? Double.NaN : h.outbox().depth(),
                    h == null ? Double.NaN : h.outbox().oldestAgeMs() / 1000.0,
                    h == null || h.diskTotalBytes() <= 0 ? Double.NaN : (double) h.diskFreeBytes() / h.diskTotalBytes()));
        }
        latest = new Snapshot(rate(bySite.overall()), cameras, devices, sites);
    }

    private static double rate(RateGroup g) {
        return g.rate() == null ? Double.NaN : g.rate();
    }
}
