package io.gmeye.hub.agents;

import io.gmeye.hub.estate.Estate;
import io.gmeye.hub.estate.EstateSnapshot;
import io.gmeye.hub.estate.SitePresence;
import io.gmeye.hub.estate.SiteState;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agents this node holds, told to the estate as decisions in the log: a connection and its
 * end are state every node must agree on (whether a site is alive, its outage intervals), so the
 * node that holds the connection writes them, in order with the agent's own publishes.
 */
public final class AgentPresence {
    private static final Logger LOG = LoggerFactory.getLogger(AgentPresence.class);

    public AgentPresence(AgentSessions sessions, Estate estate, SitePresence presence, String self, Clock clock) {
        sessions.onConnect(s -> {
            EstateSnapshot snap = estate.now();
            SiteState site = snap.site(s.site());
            long unnoticed = -1;
            if (site != null && !site.connected() && site.silentSince() < 0) {
                long since = snap.silentFrom(site);
                unnoticed = since < clock.millis() ? since : -1;
            }
            log(presence.decide(new SitePresence.Connected(s.site(), self, unnoticed)), s.site());
        });
        sessions.onDisconnect(site -> log(presence.decide(new SitePresence.Disconnected(site, self, false)), site));
    }

    private static void log(java.util.concurrent.CompletableFuture<Object> f, String site) {
        f.whenComplete((o, e) -> {
            if (e != null) {
                LOG.warn("site {}: its agent's connection was not written to the log: {}", site, e.getMessage());
            }
        });
    }
}
