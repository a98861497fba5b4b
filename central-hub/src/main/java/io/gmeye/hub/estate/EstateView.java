package io.gmeye.hub.estate;

import io.gmeye.hub.registry.CheckpointEntry;
import io.gmeye.hub.registry.Tagged;
import java.time.Clock;
import java.util.List;
import java.util.function.Predicate;

/**
 * The estate's first views, as functions of its latest snapshot: the overview (what the wall
 * screen's first row shows) and the sites with their agents. Online is judged on the hub's clock:
 * a camera the agent last called online counts offline once its site has been silent longer than
 * the site timeout. A registered camera or device that never reported counts as offline.
 */
public final class EstateView {
    private final Estate estate;
    private final Clock clock;

    public EstateView(Estate estate, Clock clock) {
        this.estate = estate;
        this.clock = clock;
    }

    /** The estate as of the last applied batch. */
    public EstateSnapshot now() {
        return estate.now();
    }

    public Overview overview() {
        return overview(site -> true);
    }

    /** The overview of the sites an operator may see: counts never include sites outside the scope. */
    public Overview overview(Predicate<String> visible) {
        long now = clock.millis();
        EstateSnapshot e = estate.now();
        List<SiteState> s = sites(e).stream().filter(x -> visible.test(x.id())).toList();
        long sitesOnline = s.stream().filter(x -> e.siteAlive(x.id(), now)).count();
        long[] cams = new long[2];
        List<EstateSnapshot.CameraColumns> columns = e.cameraColumns();
        boolean[][] flags = e.siteFlags(visible, now);
        for (EstateSnapshot.CameraColumns cols : columns) {
            for (int i = 0; i < cols.site().length; i++) {
                int st = cols.site()[i];
                if (flags[0][st]) {
                    cams[0]++;
                    if (cols.agentOnline()[i] && flags[1][st]) {
                        cams[1]++;
                    }
                }
            }
        }
        long[] devs = new long[2];
        e.devices().forEach(d -> {
            if (visible.test(d.site())) {
                devs[0]++;
                if (e.deviceOnline(d, now)) {
                    devs[1]++;
                }
            }
        });
        long[] cps = new long[2];
        for (Tagged<CheckpointEntry> c : e.checkpoints()) {
            if (visible.test(c.entry().site())) {
                cps[0]++;
                if (e.checkpointOnline(c, now)) {
                    cps[1]++;
                }
            }
        }
        double rate = cams[0] == 0 ? 0 : (double) cams[1] / cams[0];
        return new Overview(new Overview.Count(s.size(), sitesOnline), new Overview.Count(cams[0], cams[1]), new Overview.Count(devs[0], devs[1]),
                new Overview.Count(cps[0], cps[1]), rate, now);
    }

    /** The sites the hub lists: configured ones and any heard from, by id. */
    public List<SiteState> sites() {
        return sites(estate.now());
    }

    private static List<SiteState> sites(EstateSnapshot e) {
        return e.sites().stream().filter(SiteState::listed).toList();
    }

    public SiteState site(String id) {
        return estate.now().site(id);
    }

    public boolean siteAlive(String site, long now) {
        return estate.now().siteAlive(site, now);
    }

    /** How far the site's agent clock ran ahead of the hub's at its last heartbeat; 0 when in step (or behind, which queuing hides). */
    public long clockAheadMs(String site) {
        SiteState s = estate.now().site(site);
        return s == null ? 0 : s.clockAheadMs();
    }

    public Camera camera(String id) {
        return estate.now().camera(id);
    }

    /** The latest state of a camera its agent has reported (the site to call for it), null when none has. */
    public CameraStatus reported(String id) {
        Camera c = estate.now().camera(id);
        return c == null ? null : c.status();
    }

    public Device device(String id) {
        return estate.now().device(id);
    }
}
