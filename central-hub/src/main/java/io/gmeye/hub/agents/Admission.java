package io.gmeye.hub.agents;

import io.gmeye.platform.limits.RateLimit;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.platform.metrics.Metrics;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Who may connect now. A reconnect storm (every site's agent coming back after a hub restart or
 * a network cut) must not stall the hub: connections beyond a global rate are refused with 0x9F
 * (connection rate exceeded), credential checks run on their own small pool and beyond its queue
 * are refused with 0x89 (server busy), and one site connecting over and over (two agents with the
 * same credentials taking the session from each other) is refused with 0x9F too. The agents back
 * off with jitter and come back; every refusal is counted and says why.
 */
final class Admission implements AutoCloseable {
    /** Why a connection is turned away, with the CONNACK code that says it. */
    record Refusal(MqttConnectReturnCode code, String reason) {
    }

    private final HubConfig.Limits limits;
    private final Clock clock;
    private final Metrics metrics;
    private final RateLimit connects;
    private final Map<String, RateLimit> perSite = new ConcurrentHashMap<>();
    private final AtomicInteger authPending = new AtomicInteger();
    private final WorkerExecutor authPool;

    Admission(Vertx vertx, HubConfig.Limits limits, Clock clock, Metrics metrics) {
        this.limits = limits;
        this.clock = clock;
        this.metrics = metrics;
        this.connects = new RateLimit(clock, limits.connectsPerSecond(), limits.connectBurst());
        this.authPool = vertx.createSharedWorkerExecutor("hub-auth", limits.authConcurrency());
    }

    /** Checks the global connection rate; called on the event loop before anything costly. */
    Optional<Refusal> admit() {
        synchronized (connects) {
            if (!connects.tryTake()) {
                return refused("rate", MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED,
                        "the hub admits " + limits.connectsPerSecond() + " connections a second; back off and retry");
            }
        }
        return Optional.empty();
    }

    /**
     * Checks how often an authenticated site takes its session over. Only authenticated
     * connections get here, so strangers can neither grow this map nor lock a site out.
     */
    Optional<Refusal> admitSite(String site) {
        RateLimit r = perSite.computeIfAbsent(site, s -> new RateLimit(clock, limits.siteConnectsPerMinute() / 60.0, limits.siteConnectsPerMinute()));
        synchronized (r) {
            if (!r.tryTake()) {
                return refused("site_rate", MqttConnectReturnCode.CONNECTION_REFUSED_CONNECTION_RATE_EXCEEDED,
                        "site " + site + " connected more than " + limits.siteConnectsPerMinute()
                                + " times a minute; is a second agent using its credentials?");
            }
        }
        return Optional.empty();
    }

    /** Runs a credential check on the auth pool, or refuses at once when too many wait. */
    <T> Future<T> check(Callable<T> work) {
        if (authPending.incrementAndGet() > limits.authConcurrency() + limits.authQueue()) {
            authPending.decrementAndGet();
            metrics.count("gmeye.agents.admission", "outcome", "busy");
            return Future.failedFuture(new Busy());
        }
        return authPool.executeBlocking(work, false).onComplete(r -> authPending.decrementAndGet());
    }

    Refusal busy() {
        return new Refusal(MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_BUSY,
                "the hub is checking " + (limits.authConcurrency() + limits.authQueue()) + " credentials already; back off and retry");
    }

    int authPending() {
        return authPending.get();
    }

    private Optional<Refusal> refused(String why, MqttConnectReturnCode code, String reason) {
        metrics.count("gmeye.agents.admission", "outcome", why);
        return Optional.of(new Refusal(code, reason));
    }

    /** The auth queue is full. */
    static final class Busy extends RuntimeException {
        Busy() {
            super("server busy", null, false, false);
        }
    }

    @Override
    public void close() {
        authPool.close();
    }
}
