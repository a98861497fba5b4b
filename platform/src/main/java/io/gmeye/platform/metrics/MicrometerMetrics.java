package io.gmeye.platform.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.DiskSpaceMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * {@link Metrics} on a Micrometer Prometheus registry; {@link #scrape()} serves GET /metrics.
 * Every meter gets its HELP text from {@link MetricHelp}.
 */
public final class MicrometerMetrics implements Metrics, AutoCloseable {
    /** Bucket bounds of {@link #latency}: what an operator's alert on a p99 needs, from 1 ms to 30 s. */
    private static final Duration[] LATENCY_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30)};
    private final PrometheusMeterRegistry registry;
    private JvmGcMetrics gc;

    public MicrometerMetrics() {
        this(new PrometheusMeterRegistry(PrometheusConfig.DEFAULT));
    }

    public MicrometerMetrics(PrometheusMeterRegistry registry) {
        this.registry = registry;
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** The JVM (memory, GC, threads, classes), the process (CPU, uptime, open files) and the disk that holds {@code dataDir}. */
    public MicrometerMetrics withJvmAndProcess(Path dataDir) {
        new JvmMemoryMetrics().bindTo(registry);
        gc = new JvmGcMetrics();
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
        new DiskSpaceMetrics(dataDir.toAbsolutePath().toFile()).bindTo(registry);
        return this;
    }

    @Override
    public void count(String name, long amount, String... tags) {
        Counter.builder(name).description(MetricHelp.of(name)).tags(tags).register(registry).increment(amount);
    }

    @Override
    public void time(String name, long nanos, String... tags) {
        Timer.builder(name).description(MetricHelp.of(name)).tags(tags).publishPercentiles(0.5, 0.99).register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void latency(String name, long nanos, String... tags) {
        Timer.builder(name).description(MetricHelp.of(name)).tags(tags).serviceLevelObjectives(LATENCY_BUCKETS).register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void gauge(String name, Supplier<Number> value, String... tags) {
        Gauge.builder(name, value).description(MetricHelp.of(name)).tags(tags).register(registry);
    }

    @Override
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        if (gc != null) {
            gc.close();
        }
    }
}
