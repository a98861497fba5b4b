package io.gmeye.platform.metrics;

import java.util.function.Supplier;

/**
 * Counters, timers and gauges behind one small interface, so features count both outcomes
 * (success and each kind of failure) without knowing the registry. Tags come in key, value pairs.
 */
public interface Metrics {
    Metrics NOOP = new Metrics() {
        @Override
        public void count(String name, long amount, String... tags) {
        }

        @Override
        public void time(String name, long nanos, String... tags) {
        }

        @Override
        public void gauge(String name, Supplier<Number> value, String... tags) {
        }
    };

    void count(String name, long amount, String... tags);

    default void count(String name, String... tags) {
        count(name, 1, tags);
    }

    void time(String name, long nanos, String... tags);

    /** A duration kept as a histogram (Prometheus buckets), so p99s can be computed and alerted on across scrapes. */
    default void latency(String name, long nanos, String... tags) {
        time(name, nanos, tags);
    }

    void gauge(String name, Supplier<Number> value, String... tags);

    /** Prometheus text exposition; empty for registries that do not scrape. */
    default String scrape() {
        return "";
    }
}
