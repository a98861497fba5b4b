package io.gmeye.rigs.estate;

import java.time.Duration;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The district against one hub over real MQTT: one connection per site, each site ticking once a
 * second on a small scheduler. The traffic follows the time of day (rush hours), on a virtual
 * clock that may run faster than real time ({@code speed}) to show a day's shape in minutes;
 * heartbeats and health stay every 30 real seconds, as the hub's online judgement expects.
 *
 * <p>{@code ./run rig estate} starts a hub and this; {@code ./run bench estate} measures the hub under it.
 */
public final class EstateSim implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EstateSim.class);

    /**
     * Traffic rates at the daytime level (the day profile scales them).
     *
     * @param passesPerCheckpointPerMinute passes at one checkpoint per minute
     * @param alertShare                   share of passes that raise an alert
     * @param eventsPerCameraPerDay        inspection events (each with a snapshot) per camera per day, on average over the day
     * @param deviceEventsPerDevicePerDay  device events (thresholds, alarms) per device per day
     * @param camerasOffline               share of cameras offline at any time
     * @param cameraFlipsPer30s            chance that a camera or device changes state in 30 s
     * @param snapshotBytes                size of one snapshot JPEG
     */
    public record Rates(double passesPerCheckpointPerMinute, double alertShare, double eventsPerCameraPerDay, double deviceEventsPerDevicePerDay,
                        double camerasOffline, double cameraFlipsPer30s, int snapshotBytes) {
        public static final Rates DISTRICT = new Rates(1.5, 0.002, 3, 1, 0.03, 0.002, 60 * 1024);
    }

    private final District district;
    private final Rates rates;
    private final EstateStats stats = new EstateStats();
    private final List<SiteSimulator> sites = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "estate-tick");
        t.setDaemon(true);
        return t;
    });
    private final double startSecondOfDay;
    private final double speed;
    private volatile long startedAt;

    public EstateSim(District district, Rates rates, LocalTime start, double speed) {
        this.district = district;
        this.rates = rates;
        this.startSecondOfDay = start.toSecondOfDay();
        this.speed = speed;
        byte[] jpeg = new byte[rates.snapshotBytes()];
        ThreadLocalRandom.current().nextBytes(jpeg);
        jpeg[0] = (byte) 0xFF;
        jpeg[1] = (byte) 0xD8;
        long seed = 1;
        for (District.SiteDef s : district.sites()) {
            sites.add(new SiteSimulator(district, s, rates, stats, jpeg, seed++));
        }
    }

    /** Connects every site (retrying with jittered backoff while the hub turns a storm away), then starts the ticks. */
    public void start(String url, Function<String, String> secretOf, Duration connectTimeout) throws InterruptedException {
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        List<SiteSimulator> pending = new ArrayList<>(sites);
        long delay = 200;
        while (!pending.isEmpty()) {
            List<SiteSimulator> failed = new ArrayList<>();
            for (SiteSimulator s : pending) {
                try {
                    s.connect(url, secretOf.apply(s.id()));
                } catch (Exception e) {
                    failed.add(s);
                }
            }
            if (!failed.isEmpty()) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException(failed.size() + " sites could not connect to " + url);
                }
                LOG.info("{} of {} sites connected; {} turned away, retrying", sites.size() - failed.size(), sites.size(), failed.size());
                Thread.sleep(delay + ThreadLocalRandom.current().nextLong(delay));
                delay = Math.min(5_000, delay * 2);
            }
            pending = failed;
        }
        startedAt = System.currentTimeMillis();
        for (int i = 0; i < sites.size(); i++) {
            SiteSimulator s = sites.get(i);
            ticker.scheduleAtFixedRate(() -> {
                try {
                    s.tick(DayProfile.at(virtualSecondOfDay()));
                } catch (RuntimeException e) {
                    LOG.error("site {} tick failed: {}", s.id(), e.toString());
                }
            }, i * 1000L / sites.size(), 1000, TimeUnit.MILLISECONDS);
        }
        LOG.info("district of {} sites, {} cameras, {} devices, {} checkpoints running against {}", sites.size(), district.cameras().size(),
                district.devices().size(), district.checkpoints().size(), url);
    }

    public double virtualSecondOfDay() {
        return (startSecondOfDay + (System.currentTimeMillis() - startedAt) / 1000.0 * speed) % 86_400;
    }

    public EstateStats stats() {
        return stats;
    }

    public District district() {
        return district;
    }

    public long connectedSites() {
        return sites.stream().filter(SiteSimulator::connected).count();
    }

    /** Records the district sends in a whole day at these rates, from a measured window's count at a known multiplier. */
    public static double dailyRecords(long windowRecords, double windowSeconds, double windowMultiplier) {
        return windowRecords / windowSeconds / windowMultiplier * DayProfile.dailyMean() * 86_400;
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        sites.parallelStream().forEach(SiteSimulator::close);
    }

    /** The district at full size with 200 site boxes: 43,000 cameras, 10,022 devices of 33 types, 931 checkpoints. */
    public static final DistrictGenerator.Scale DISTRICT_200 = new DistrictGenerator.Scale(200, 43_000, 10_022, 931);

    /** Runs until {@code minutes} pass (0: forever), printing a status line every 10 s: the rig's load mode. */
    public void runFor(long minutes) throws InterruptedException {
        long end = minutes > 0 ? System.currentTimeMillis() + minutes * 60_000 : Long.MAX_VALUE;
        while (System.currentTimeMillis() < end) {
            Thread.sleep(10_000);
            double t = virtualSecondOfDay();
            System.out.printf("estate %02d:%02d (x%.1f busy) %d/%d sites connected: %s%n", (int) (t / 3600), (int) (t % 3600 / 60), DayProfile.at(t),
                    connectedSites(), sites.size(), stats);
            stats.reset();
        }
    }
}
