package io.gmeye.hub.routing;

import io.vertx.core.Future;

/**
 * "Do this at the node that holds site S's agent": the one way the hub's features reach an
 * agent (commands, snapshots on call, live view, clip pieces, whitelist pushes). Embedded, the
 * agent is here or nowhere ({@link LocalRouter}); in a cluster, the site map says which node
 * holds it and the request goes there over the clustered event bus ({@link ClusterRouter}).
 */
public interface SiteRouter {
    /** Whether a node of this hub (this one, or in a cluster another) holds the site's agent now, as far as this node knows. */
    boolean reachable(String site);

    /**
     * Publishes QoS 1 to the site's agent from the node that holds it, from any thread; completes
     * on the agent's PUBACK, fails UNAVAILABLE (503) with the reason when no node holds it.
     */
    Future<Void> publish(String site, String topic, byte[] payload);
}
