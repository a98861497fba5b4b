package io.gmeye.hub.estate;

import io.gmeye.protocols.agent.AgentHealth;
import java.util.List;

/**
 * A site as the hub sees it, judged on the hub's clock.
 *
 * @param lastSeen     hub time of the last message from the site's agent, -1 never
 * @param health       the agent's latest heartbeat, null before the first
 */
public record SiteStatus(String id, String name, List<String> tags, boolean connected, long connectedSince, long lastSeen,
                         AgentHealth health, long healthAt) {
}
