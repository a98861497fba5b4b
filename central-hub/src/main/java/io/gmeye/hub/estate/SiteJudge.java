package io.gmeye.hub.estate;

import io.gmeye.hub.cluster.Leadership;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's clock for sites: from the applied estate it decides that a site went silent (its
 * agent gone and no word for longer than the site timeout), and that an agent's connection ended
 * because the node holding it is no longer alive. Only the leader judges; what it decides goes
 * into the log and changes every node's estate alike.
 */
public final class SiteJudge {
    private static final Logger LOG = LoggerFactory.getLogger(SiteJudge.class);
    private final Estate estate;
    private final SitePresence presence;
    private final Leadership leadership;
    private final Clock clock;
    private final Set<String> deciding = ConcurrentHashMap.newKeySet();

    public SiteJudge(Estate estate, SitePresence presence, Leadership leadership, Clock clock) {
        this.estate = estate;
        this.presence = presence;
        this.leadership = leadership;
        this.clock = clock;
    }

    /** Judges every site now, if this node leads; completes when this node applied what it decided. Call periodically. */
    public CompletableFuture<Void> check() {
        if (!leadership.leading()) {
            return CompletableFuture.completedFuture(null);
        }
        long now = clock.millis();
        EstateSnapshot snap = estate.now();
        List<CompletableFuture<?>> decided = new ArrayList<>();
        for (SiteState s : snap.sites()) {
            Object d = null;
            if (s.connected()) {
                if (!leadership.alive(s.holder())) {
                    d = new SitePresence.Disconnected(s.id(), s.holder(), true);
                }
            } else if (s.silentSince() < 0) {
                long since = snap.silentFrom(s);
                if (since < now) {
                    d = new SitePresence.Silent(s.id(), since, snap.siteTimeoutMs());
                }
            }
            Object decision = d;
            if (decision != null && deciding.add(s.id())) {
                decided.add(presence.decide(decision).whenComplete((o, e) -> {
                    deciding.remove(s.id());
                    if (e != null) {
                        LOG.warn("site {}: the decision {} did not reach the log: {}", s.id(), decision, e.getMessage());
                    }
                }));
            }
        }
        return CompletableFuture.allOf(decided.toArray(CompletableFuture[]::new)).handle((v, e) -> null);
    }
}
