package io.gmeye.hub.estate;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.gmeye.hub.agents.AgentSessions;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.store.Store;
import io.gmeye.hub.store.StoredJson;
import io.gmeye.protocols.agent.AgentHealth;
import io.gmeye.protocols.codec.Json;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.function.ToLongFunction;
import java.util.function.Predicate;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The estate in memory: sites, cameras and devices with their latest state, rebuilt from the
 * store's LATEST space at start and kept current by the projections. Online is judged on the
 * hub's clock: a camera the agent last called online counts offline once its site has been
 * silent longer than {@code siteTimeoutMs}.
 */
public final class EstateView {
    static final ObjectMapper JSON = Json.mapper();
    private static final Logger LOG = LoggerFactory.getLogger(EstateView.class);
    private static final long CLOCK_AHEAD_WARN_MS = 60_000;

    private final Map<String, HubConfig.SiteSection> siteConfig = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSeen = new ConcurrentHashMap<>();
    private final Map<String, AgentHealth> agentHealth = new ConcurrentHashMap<>();
    private final Map<String, Long> agentHealthAt = new ConcurrentHashMap<>();
    private final Map<String, Long> clockAhead = new ConcurrentHashMap<>();
    private final Map<String, CameraStatus> cameras = new ConcurrentHashMap<>();
    private final Map<String, DeviceStatus> devices = new ConcurrentHashMap<>();
    private final AgentSessions sessions;
    private final Clock clock;
    private final long siteTimeoutMs;
    private volatile ToLongFunction<Predicate<String>> checkpointsTotal = v -> 0;
    private volatile ToLongFunction<Predicate<String>> checkpointsOnline = v -> 0;
    private volatile Function<Predicate<String>, long[]> cameraCounts;
    private volatile ToLongFunction<Predicate<String>> devicesRegistered = v -> 0;

    public EstateView(List<HubConfig.SiteSection> sites, AgentSessions sessions, Clock clock, long siteTimeoutMs) {
        sites.forEach(s -> siteConfig.put(s.id(), s));
        this.sessions = sessions;
        this.clock = clock;
        this.siteTimeoutMs = siteTimeoutMs;
    }

    /** Loads the latest states; blocking, at start. */
    public void load(Store store) {
        store.scan(Space.LATEST, Keys.prefix("agent"), false, (k, v) -> {
            String site = Keys.text(k).substring("agent|".length());
            StoredAgent a = read(v, StoredAgent.class);
            agentHealth.put(site, a.health());
            agentHealthAt.put(site, a.at());
            lastSeen.merge(site, a.at(), Math::max);
            return true;
        });
        store.scan(Space.LATEST, Keys.prefix("camera"), false, (k, v) -> {
            CameraStatus c = read(v, CameraStatus.class);
            cameras.put(c.health().camera(), c);
            return true;
        });
        store.scan(Space.LATEST, Keys.prefix("device"), false, (k, v) -> {
            DeviceStatus d = read(v, DeviceStatus.class);
            devices.put(d.health().device(), d);
            return true;
        });
    }

    record StoredAgent(AgentHealth health, long at) {
    }

    // ---- fed by projections and the ingest ----

    public void seen(String site, long at) {
        lastSeen.merge(site, at, Math::max);
    }

    void agentHealth(String site, AgentHealth h, long at, long sourceTs) {
        agentHealth.put(site, h);
        agentHealthAt.put(site, at);
        // a heartbeat cannot be made after it arrived: any lead of its time over ours is the agent's clock
        long ahead = Math.max(0, sourceTs - at);
        Long before = clockAhead.put(site, ahead);
        boolean was = before != null && before > CLOCK_AHEAD_WARN_MS;
        if (ahead > CLOCK_AHEAD_WARN_MS && !was) {
            LOG.warn("site {}: the agent's clock is {} s ahead of the hub's; its event times are off by as much (online state is judged on the hub's clock)",
                    site, ahead / 1000);
        } else if (ahead <= CLOCK_AHEAD_WARN_MS && was) {
            LOG.info("site {}: the agent's clock is back in step with the hub's", site);
        }
    }

    /** How far the site's agent clock ran ahead of the hub's at its last heartbeat; 0 when in step (or behind, which queuing hides). */
    public long clockAheadMs(String site) {
        return clockAhead.getOrDefault(site, 0L);
    }

    void camera(CameraStatus c) {
        cameras.put(c.health().camera(), c);
    }

    void device(DeviceStatus d) {
        devices.put(d.health().device(), d);
    }

    CameraStatus camera(String id) {
        return cameras.get(id);
    }

    DeviceStatus device(String id) {
        return devices.get(id);
    }

    /** Checkpoint counts come from the checkpoint feature's registry. */
    public void checkpoints(ToLongFunction<Predicate<String>> total, ToLongFunction<Predicate<String>> online) {
        this.checkpointsTotal = total;
        this.checkpointsOnline = online;
    }

    /**
     * Totals come from the registry: a registered camera or device that never reported counts as
     * offline (everything that reports is registered on first sight). {@code cameras} gives
     * {total, online} as the online-rate view counts them, so the overview and the rate agree.
     */
    public void registered(Function<Predicate<String>, long[]> cameras, ToLongFunction<Predicate<String>> devices) {
        this.cameraCounts = cameras;
        this.devicesRegistered = devices;
    }

    // ---- read by the API ----

    /** Hub time of the last message from the site's agent, -1 never. */
    public long lastSeen(String site) {
        return lastSeen.getOrDefault(site, -1L);
    }

    public long siteTimeoutMs() {
        return siteTimeoutMs;
    }

    public boolean siteAlive(String site, long now) {
        if (sessions.connected(site)) {
            return true;
        }
        Long seen = lastSeen.get(site);
        return seen != null && now - seen <= siteTimeoutMs;
    }

    public boolean cameraOnline(CameraStatus c, long now) {
        return c.health().state().countsOnline() && siteAlive(c.site(), now);
    }

    public boolean deviceOnline(DeviceStatus d, long now) {
        return d.health().state() == io.gmeye.protocols.device.DeviceState.ONLINE && siteAlive(d.site(), now);
    }

    public Overview overview() {
        return overview(site -> true);
    }

    /** The overview of the sites an operator may see: counts never include sites outside the scope. */
    public Overview overview(Predicate<String> visible) {
        long now = clock.millis();
        List<SiteStatus> s = sites().stream().filter(x -> visible.test(x.id())).toList();
        long sitesOnline = s.stream().filter(x -> siteAlive(x.id(), now)).count();
        long[] counted = cameraCounts == null ? null : cameraCounts.apply(visible);
        long camOnline = counted != null ? counted[1]
                : cameras.values().stream().filter(c -> visible.test(c.site()) && cameraOnline(c, now)).count();
        long camTotal = counted != null ? counted[0] : cameras.values().stream().filter(c -> visible.test(c.site())).count();
        long devOnline = devices.values().stream().filter(d -> visible.test(d.site()) && deviceOnline(d, now)).count();
        long devTotal = Math.max(devices.values().stream().filter(d -> visible.test(d.site())).count(), devicesRegistered.applyAsLong(visible));
        double rate = camTotal == 0 ? 0 : (double) camOnline / camTotal;
        return new Overview(new Overview.Count(s.size(), sitesOnline), new Overview.Count(camTotal, camOnline),
                new Overview.Count(devTotal, devOnline),
                new Overview.Count(checkpointsTotal.applyAsLong(visible), checkpointsOnline.applyAsLong(visible)), rate, now);
    }

    public List<SiteStatus> sites() {
        List<String> ids = new ArrayList<>(siteConfig.keySet());
        lastSeen.keySet().stream().filter(id -> !siteConfig.containsKey(id)).forEach(ids::add);
        List<SiteStatus> out = new ArrayList<>(ids.size());
        for (String id : ids) {
            HubConfig.SiteSection cfg = siteConfig.get(id);
            var session = sessions.session(id);
            out.add(new SiteStatus(id, cfg == null || cfg.name() == null ? id : cfg.name(), cfg == null ? List.of() : cfg.tags(),
                    session.isPresent(), session.map(x -> x.connectedAt()).orElse(-1L), lastSeen.getOrDefault(id, -1L),
                    agentHealth.get(id), agentHealthAt.getOrDefault(id, -1L)));
        }
        out.sort(Comparator.comparing(SiteStatus::id));
        return out;
    }

    public Map<String, CameraStatus> cameras() {
        return cameras;
    }

    public Map<String, DeviceStatus> devices() {
        return devices;
    }

    static byte[] write(Object o) {
        return StoredJson.write(o);
    }

    static <T> T read(byte[] b, Class<T> type) {
        return StoredJson.read(b, type);
    }
}
