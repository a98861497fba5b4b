package io.gmeye.agent.devices;

import io.gmeye.platform.metrics.MicrometerMetrics;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

/** A running devices feature on 127.0.0.1 with a recording outbox; closes everything it started. */
public final class DevicesHarness implements AutoCloseable {
    public final Vertx vertx = Vertx.vertx();
    public final RecordingOutbox outbox = new RecordingOutbox();
    public final MicrometerMetrics metrics;
    public final DevicesFeature feature;
    public final DevicesConfig config;

    public DevicesHarness(TestEstate estate) {
        this(estate.config());
    }

    /** With a configuration of its own (another CoAP policy, other ports). */
    public DevicesHarness(DevicesConfig config) {
        this(config, new MicrometerMetrics());
    }

    /** Counting into {@code metrics}, for tests that check a counter. */
    public DevicesHarness(DevicesConfig config, MicrometerMetrics metrics) {
        this.config = config;
        this.metrics = metrics;
        this.feature = new DevicesFeature("site-a", vertx, outbox, Clock.systemUTC(), metrics, config, Path.of("/"), TestEstate.PERSONS);
    }

    public DevicesHarness start() {
        try {
            feature.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("devices feature did not start", e);
        }
        return this;
    }

    public String mqttUri() {
        return "tcp://127.0.0.1:" + feature.mqttPorts().get(0);
    }

    public int mqttPort() {
        return feature.mqttPorts().get(0);
    }

    @Override
    public void close() throws Exception {
        feature.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
}
