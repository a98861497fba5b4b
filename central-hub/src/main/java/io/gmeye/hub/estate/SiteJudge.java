package io.gmeye.hub.estate;

import io.gmeye.hub.cluster.Leadership;
import io.gmeye.hub.cluster.PendingDecisions;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/**
 * The leader's clock for sites: from the applied estate it decides that a site went silent (its
 * agent gone and no word for longer than the site timeout), and that an agent's connection ended
 * because the node holding it is no longer alive. Only the leader judges; what it decides goes
 * into the log and changes every node's estate alike.
 */
public final class SiteJudge {
    private final Estate estate;
    private final SitePresence presence;
    private final Leadership leadership;
    private final Clock clock;
    private final PendingDecisions pending = new PendingDecisions("site");

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
        PendingDecisions.Round round = pending.round();
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
            if (decision != null) {
                round.decide(s.id(), decision, () -> presence.decide(decision));
            }
        }
        return round.done();
    }
}
