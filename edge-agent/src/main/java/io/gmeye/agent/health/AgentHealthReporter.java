package io.gmeye.agent.health;

import io.gmeye.agent.outbox.Outbox;
import io.gmeye.platform.system.ProcessStats;
import io.gmeye.platform.time.MonotonicClock;
import io.gmeye.protocols.agent.AgentHealth;
import io.gmeye.protocols.envelope.Envelope;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Sends the agent's heartbeat through the outbox at a fixed interval. */
public final class AgentHealthReporter {
    public static final String VERSION = "0.1.0";
    private static final Logger LOG = LoggerFactory.getLogger(AgentHealthReporter.class);

    private final Vertx vertx;
    private final String site;
    private final Outbox outbox;
    private final Clock clock;
    private final Path dataDir;
    private final Duration interval;
    private final Clock uptime;
    private final long startedAt;
    private volatile HealthSources sources = HealthSources.none();
    private long timer = -1;

    public AgentHealthReporter(Vertx vertx, String site, Outbox outbox, Clock clock, Path dataDir, Duration interval) {
        this.vertx = vertx;
        this.site = site;
        this.outbox = outbox;
        this.clock = clock;
        this.dataDir = dataDir;
        this.interval = interval;
        this.uptime = MonotonicClock.startingAt(clock); // a wall clock set back an hour must not make the uptime negative
        this.startedAt = uptime.millis();
    }

    public void sources(HealthSources s) {
        this.sources = s;
    }

    public void start() {
        report();
        timer = vertx.setPeriodic(interval.toMillis(), id -> report());
    }

    public AgentHealth current() {
        long[] disk = ProcessStats.disk(dataDir);
        HealthSources s = sources;
        return new AgentHealth(VERSION, uptime.millis() - startedAt, outbox.stats(), ProcessStats.cpuLoad(), ProcessStats.heapUsed(),
                ProcessStats.heapMax(), ProcessStats.residentBytes(), disk[0], disk[1], s.camerasOnline().getAsInt(),
                s.camerasTotal().getAsInt(), s.devicesOnline().getAsInt(), s.devicesTotal().getAsInt(), s.whitelistVersion().getAsLong(),
                s.inactiveScenes().get(), s.configVersion().getAsLong(), s.clips().get(),
                s.recordings().get());
    }

    private void report() {
        // gathering reads /proc and the disk: off the event loop
        vertx.executeBlocking(this::current, false).onFailure(e -> LOG.error("heartbeat not made: {}", e.toString()))
                .onSuccess(h -> outbox.append(Envelope.create(site, "agent", clock.millis(), h))
                .whenComplete((seq, e) -> {
                    if (e != null) {
                        LOG.warn("heartbeat not queued: {}", e.getMessage());
                    }
                }));
    }

    public void stop() {
        if (timer >= 0) {
            vertx.cancelTimer(timer);
        }
    }
}
