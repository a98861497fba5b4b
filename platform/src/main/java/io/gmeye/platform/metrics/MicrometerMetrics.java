package io.gmeye.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** {@link Metrics} on a Micrometer Prometheus registry; {@link #scrape()} serves GET /metrics. */
public final class MicrometerMetrics implements Metrics {
    private final PrometheusMeterRegistry registry;

    public MicrometerMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public MicrometerMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void count(String name, long amount, String... tags) {
        Counter.builder(name).tags(tags).register(registry).increment(amount);
    }

    @Override
    public void time(String name, long nanos, String... tags) {
        Timer.builder(name).tags(tags).publishPercentiles(0.5, 0.99).register(registry).record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void gauge(String name, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).tags(tags).register(registry);
    }

    @Override
    public String scrape() {
        return registry.scrape();
    }
}
