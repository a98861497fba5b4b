package io.gmeye.hub.routing;

import io.gmeye.hub.agents.AgentSessions;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.eventbus.DeliveryOptions;
import io.vertx.core.eventbus.Message;
import io.vertx.core.eventbus.MessageConsumer;
import io.vertx.core.eventbus.ReplyException;

/**
 * Routing in a cluster: a publish for a site whose agent is here goes out at once (no event-bus
 * hop); else the site map names the node that holds the agent and the publish travels there as a
 * request on the clustered event bus ({@code gmeye.node.<id>.downlink}), answered once the agent
 * has PUBACKed it (or with the reason it could not be). What the agent answers comes back through
 * the log, which every node applies, so only the publish itself needs routing.
 */
public final class ClusterRouter implements SiteRouter {
    /** Longer than any caller waits: a caller's own timeout speaks first. */
    static final long SEND_TIMEOUT_MS = 60_000;

    private final Vertx vertx;
    private final AgentSessions local;
    private final SiteMap map;
    private final Metrics metrics;
    private MessageConsumer<Buffer> downlink;

    public ClusterRouter(Vertx vertx, AgentSessions local, SiteMap map, Metrics metrics) {
        this.vertx = vertx;
        this.local = local;
        this.map = map;
        this.metrics = metrics;
    }

    static String address(String node) {
        return "gmeye.node." + node + ".downlink";
    }

    /** Keeps the site map from this node's agent connections and takes publishes routed here; completes once the cluster knows the address. */
    public Future<Void> start() {
        local.onConnect(s -> map.held(s.site()));
        local.onDisconnect(map::released);
        downlink = vertx.eventBus().consumer(address(map.self()), this::publishHere);
        return downlink.completion();
    }

    @Override
    public boolean reachable(String site) {
        return local.connected(site) || map.holder(site) != null;
    }

    @Override
    public Future<Void> publish(String site, String topic, byte[] payload) {
        if (local.connected(site)) {
            metrics.count("gmeye.routing.publishes", "to", "here");
            return local.publish(site, topic, payload);
        }
        String holder = map.holder(site);
        if (holder == null || holder.equals(map.self())) {
            metrics.count("gmeye.routing.publishes", "to", "nowhere");
            return Future.failedFuture(new GmeyeException(ErrorKind.UNAVAILABLE, "the agent of site " + site
                    + " is not connected to any hub node"));
        }
        metrics.count("gmeye.routing.publishes", "to", "other_node");
        DeliveryOptions o = new DeliveryOptions().addHeader("site", site).addHeader("topic", topic).setSendTimeout(SEND_TIMEOUT_MS);
        return vertx.eventBus().request(address(holder), Buffer.buffer(payload), o)
                .transform(ar -> ar.succeeded() ? Future.<Void>succeededFuture() : Future.failedFuture(refusal(ar.cause(), site)));
    }

    /** A publish routed here by another node: to the agent if it is still here, answered with its PUBACK or the reason. */
    private void publishHere(Message<Buffer> m) {
        String site = m.headers().get("site");
        local.publish(site, m.headers().get("topic"), m.body().getBytes()).onComplete(r -> {
            if (r.succeeded()) {
                m.reply(null);
            } else {
                GmeyeException e = GmeyeException.of(r.cause());
                m.fail(e.kind().ordinal(), e.getMessage());
            }
        });
    }

    /** The reason a routed publish failed, as the caller's edge will translate it (503, 504...). */
    static GmeyeException refusal(Throwable cause, String site) {
        if (cause instanceof ReplyException r) {
            return switch (r.failureType()) {
                case RECIPIENT_FAILURE -> new GmeyeException(r.failureCode() >= 0 && r.failureCode() < ErrorKind.values().length
                        ? ErrorKind.values()[r.failureCode()] : ErrorKind.INTERNAL, r.getMessage());
                case NO_HANDLERS -> new GmeyeException(ErrorKind.UNAVAILABLE, "the hub node that held the agent of site " + site
                        + " is gone; the agent reconnects to another node");
                case TIMEOUT -> new GmeyeException(ErrorKind.TIMEOUT, "the hub node holding the agent of site " + site
                        + " did not answer within " + SEND_TIMEOUT_MS / 1000 + " s");
                default -> new GmeyeException(ErrorKind.UNAVAILABLE, "routing to the agent of site " + site + " failed: " + r.getMessage());
            };
        }
        return GmeyeException.of(cause);
    }
}
