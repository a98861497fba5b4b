package io.gmeye.hub.routing;

import io.gmeye.hub.agents.AgentSessions;
import io.vertx.core.Future;

/** A hub alone: the site's agent is connected here or not at all. No event-bus hop, no cluster. */
public final class LocalRouter implements SiteRouter {
    private final AgentSessions sessions;

    public LocalRouter(AgentSessions sessions) {
        this.sessions = sessions;
    }

    @Override
    public boolean reachable(String site) {
        return sessions.connected(site);
    }

    @Override
    public Future<Void> publish(String site, String topic, byte[] payload) {
        return sessions.publish(site, topic, payload);
    }
}
