package io.gmeye.agent.app;

import io.gmeye.agent.config.AgentConfig;
import io.gmeye.agent.health.AgentHealthReporter;
import io.gmeye.agent.outbox.RocksOutbox;
import io.gmeye.agent.uplink.CommandRouter;
import io.gmeye.agent.uplink.MqttUplink;
import io.gmeye.platform.metrics.MicrometerMetrics;
import io.gmeye.platform.time.MonotonicClock;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;

/** Wires one agent: outbox, uplink, heartbeat and the features. Wiring only; each part is tested on its own. */
public final class Agent implements AutoCloseable {
    private final Vertx vertx;
    private final RocksOutbox outbox;
    private final MqttUplink uplink;
    private final AgentHealthReporter health;

    private Agent(Vertx vertx, RocksOutbox outbox, MqttUplink uplink, AgentHealthReporter health) {
        this.vertx = vertx;
        this.outbox = outbox;
        this.uplink = uplink;
        this.health = health;
    }

    public static Agent start(AgentConfig config) {
        return start(config, Clock.systemUTC());
    }

    /** @param clock wall time: event times; ages and uptime follow elapsed time, so a clock jump cannot bend them */
    public static Agent start(AgentConfig config, Clock clock) {
        MicrometerMetrics metrics = new MicrometerMetrics();
        Vertx vertx = Vertx.vertx();
        Path data = Path.of(config.dataDir());
        RocksOutbox outbox = new RocksOutbox(data.resolve("outbox"), config.outbox().maxBytes().bytes(),
                config.outbox().diskReserve().bytes(), MonotonicClock.startingAt(clock), metrics);
        CommandRouter commands = new CommandRouter(clock);
        MqttUplink uplink = new MqttUplink(config.site(), config.hub(), outbox, commands, metrics, clock);
        AgentHealthReporter health = new AgentHealthReporter(vertx, config.site(), outbox, clock, data, config.health().interval());
        uplink.start();
        health.start();
        return new Agent(vertx, outbox, uplink, health);
    }

    public RocksOutbox outbox() {
        return outbox;
    }

    public MqttUplink uplink() {
        return uplink;
    }

    @Override
    public void close() {
        health.stop();
        uplink.close();
        outbox.close();
        vertx.close().toCompletionStage().toCompletableFuture().orTimeout(5, java.util.concurrent.TimeUnit.SECONDS).exceptionally(e -> null).join();
    }
}
