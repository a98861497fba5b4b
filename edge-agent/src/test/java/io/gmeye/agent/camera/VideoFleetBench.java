package io.gmeye.agent.camera;

import io.gmeye.agent.inspection.SamplingPool;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.platform.system.ProcessStats;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.rigs.bench.BenchReport;
import io.gmeye.rigs.camera.PreparedRtspMain;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ./run bench video-fleet: how many simulated street cameras (768x576, 10 fps, H.264 High with two
 * B-frames, a keyframe every 2 s, RTSP over TCP) one agent holds with every camera's health right,
 * per decode mode, and what each costs. The cameras come from the prepared RTSP rig in a process
 * of its own (RTP packed once, served from memory), whose CPU is measured beside the agent's.
 *
 * <p>Ladders of camera counts, each step a warm-up and a measured window: keyframes mode (with the
 * content lag of the pictures it decodes: how old, by their packets' arrival, the newest picture
 * is when sampled, and how long after its packet arrived a keyframe's picture appeared); full
 * decode; on demand with a patrol sample every 10 s per camera (newest keyframe decoded, a grey
 * motion picture and a full BGR copy, as inspection takes them, on the agent's {@link SamplingPool});
 * on demand with health only. The agent's CPU is split by thread role (the cameras' grabbing
 * threads, sampling, the rest) and printed beside the rig's. A step passes when every look at every camera's health finds it online at
 * 10 +- 1.5 fps in with its newest frame under 500 ms old, decoding what its mode should, and (with
 * patrol) every camera sampled in every 10 s with content at most a keyframe interval and a second old.
 */
@Tag("bench")
class VideoFleetBench {
    private static final int[] KEYFRAME_LADDER = ints(System.getProperty("bench.fleet.keyframes", "200,300"));
    private static final int[] FULL_LADDER = ints(System.getProperty("bench.fleet.full", "100,125"));
    private static final int[] PATROL_LADDER = ints(System.getProperty("bench.fleet.ondemand", "600,800"));
    private static final int[] HEALTH_LADDER = ints(System.getProperty("bench.fleet.health", "1000,1200"));
    /** Which RTSP readers to run the ladders with (camera field {@code reader}); figures of any but the first are prefixed with its name. */
    private static final List<String> READERS = List.of(System.getProperty("bench.fleet.readers", "native").split(","));
    private static final long WARM_UP_MS = Long.getLong("bench.fleet.warmupMs", 20_000);
    private static final long WINDOW_MS = Long.getLong("bench.fleet.windowMs", 20_000);
    private static final long PATROL_MS = 10_000;
    private static final double GOP_S = 2.0;

    record Step(String reader, String mode, boolean patrol, int cameras, int correct, double agentCpu, double rigCpu, long heapMb, long residentMb, String firstProblem,
                double[] lag, double[] keyframeDelay, double sampleMsP50, Map<String, Double> roleCpu) {
        boolean passed() {
            return correct == cameras;
        }
    }

    @Test
    void camerasOneAgentHolds() throws Exception {
        int max = Arrays.stream(new int[][] {KEYFRAME_LADDER, FULL_LADDER, PATROL_LADDER, HEALTH_LADDER}).flatMapToInt(Arrays::stream).max().orElse(1);
        List<Step> steps = new ArrayList<>();
        try (Rig rig = Rig.start(max)) {
            for (String reader : READERS) {
                for (int n : KEYFRAME_LADDER) {
                    steps.add(step(rig, reader, "keyframes", n, false));
                }
                for (int n : FULL_LADDER) {
                    steps.add(step(rig, reader, "full", n, false));
                }
                for (int n : PATROL_LADDER) {
                    steps.add(step(rig, reader, "ondemand", n, true));
                }
                for (int n : HEALTH_LADDER) {
                    steps.add(step(rig, reader, "ondemand", n, false));
                }
            }
        }
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("readers", "\"" + String.join(",", READERS) + "\"");
        for (String reader : READERS) {
            figures(steps.stream().filter(s -> s.reader().equals(reader)).toList(), reader.equals(READERS.get(0)) ? "" : reader + "_", figures);
        }
        figures.put("cores", cores());
        figures.put("load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        BenchReport.write("video-fleet", figures);
    }

    /** One reader's figures, their keys after {@code prefix}. */
    private static void figures(List<Step> steps, String prefix, Map<String, Object> all) {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("keyframes_cameras", held(steps, "keyframes", false));
        figures.put("full_cameras", held(steps, "full", false));
        figures.put("ondemand_cameras", held(steps, "ondemand", true));
        figures.put("ondemand_health_cameras", held(steps, "ondemand", false));
        Step patrol = largestPassed(steps, "ondemand", true);
        figures.put("ondemand_cpu_per_camera", patrol == null ? null : BenchReport.round(patrol.agentCpu() * cores() * 100 / patrol.cameras(), 3));
        Step keyframes = largestPassed(steps, "keyframes", false);
        if (keyframes == null) { // none held: the lag of the smallest step still says how late pictures come
            keyframes = steps.stream().filter(s -> s.mode().equals("keyframes")).findFirst().orElse(null);
        }
        if (keyframes != null) {
            figures.put("lag_p50_s", keyframes.lag()[0]);
            figures.put("lag_p99_s", keyframes.lag()[1]);
            figures.put("keyframe_delay_p99_s", keyframes.keyframeDelay()[1]);
        }
        figures.put("goal_ondemand", 600);
        figures.put("goal_health", 1000);
        for (Step s : steps) {
            String k = s.mode() + (s.patrol() ? "_patrol_" : "_") + s.cameras();
            figures.put(k + "_ok", s.correct() + "/" + s.cameras());
            figures.put(k + "_cpu", s.agentCpu());
            figures.put(k + "_rig_cpu", s.rigCpu());
            s.roleCpu().forEach((role, cpu) -> figures.put(k + "_" + role + "_cpu", cpu));
            figures.put(k + "_heap_mb", s.heapMb());
            figures.put(k + "_rss_mb", s.residentMb());
            if (s.patrol()) {
                figures.put(k + "_sample_ms_p50", s.sampleMsP50());
            }
            if (!s.passed()) {
                figures.put(k + "_problem", "\"" + s.firstProblem() + "\"");
            }
        }
        figures.forEach((k, v) -> all.put(prefix + k, v));
    }

    private static int held(List<Step> steps, String mode, boolean patrol) {
        Step s = largestPassed(steps, mode, patrol);
        return s == null ? 0 : s.cameras();
    }

    private static Step largestPassed(List<Step> steps, String mode, boolean patrol) {
        return steps.stream().filter(s -> s.mode().equals(mode) && s.patrol() == patrol && s.passed())
                .max((a, b) -> Integer.compare(a.cameras(), b.cameras())).orElse(null);
    }

    private Step step(Rig rig, String reader, String mode, int n, boolean patrol) throws Exception {
        List<CameraSpec> cameras = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            cameras.add(new CameraSpec(PreparedRtspMain.name(i), rig.url(PreparedRtspMain.name(i)), "tcp", mode, List.of(), reader));
        }
        CameraFeature feature = new CameraFeature(CameraConfig.of(cameras), "bench", new RecordingOutbox(), new RecordingDirectChannel(),
                Clock.systemUTC(), Metrics.NOOP, null, FaceRule.OFF);
        Sampler sampler = patrol ? new Sampler(feature.frames(), cameras.stream().map(CameraSpec::id).toList()) : null;
        Watcher watcher = mode.equals("keyframes") ? new Watcher(feature.frames(), cameras.stream().map(CameraSpec::id).toList()) : null;
        try {
            feature.start();
            if (sampler != null) {
                sampler.start();
            }
            Thread.sleep(WARM_UP_MS);
            if (sampler != null) {
                sampler.reset();
            }
            if (watcher != null) {
                watcher.start();
            }
            long cpu0 = processCpuNanos();
            long rolesFrom = System.nanoTime();
            Map<String, Long> roles0 = ThreadRoles.nanos();
            rolesFrom = (rolesFrom + System.nanoTime()) / 2; // reading a thousand threads' stat files takes a while on a loaded box
            long rig0 = rig.cpuNanos();
            long t0 = System.nanoTime();
            int worstCorrect = n;
            String problem = "";
            long heap = 0;
            // health is judged several times over the window: every look must find every camera right
            for (long end = System.currentTimeMillis() + WINDOW_MS; System.currentTimeMillis() < end; ) {
                Thread.sleep(5_000);
                List<CameraHealth> health = feature.health();
                int correct = 0;
                for (CameraHealth h : health) {
                    String why = wrong(h, mode, patrol);
                    if (why == null) {
                        correct++;
                    } else if (problem.isEmpty()) {
                        problem = h.camera() + ": " + why;
                    }
                }
                worstCorrect = Math.min(worstCorrect, health.size() == n ? correct : 0);
                heap = Math.max(heap, ProcessStats.heapUsed());
            }
            double wall = System.nanoTime() - t0;
            double agentCpu = round((processCpuNanos() - cpu0) / wall / cores());
            double rigCpu = round((rig.cpuNanos() - rig0) / wall / cores());
            long rolesTo = System.nanoTime();
            Map<String, Long> roles1 = ThreadRoles.nanos();
            rolesTo = (rolesTo + System.nanoTime()) / 2;
            Map<String, Double> roleCpu = ThreadRoles.share(roles0, roles1, (rolesTo - rolesFrom) / 1e9 * cores());
            if (sampler != null) {
                String sampled = sampler.problem(System.currentTimeMillis());
                if (sampled != null) {
                    worstCorrect = Math.min(worstCorrect, n - 1);
                    problem = problem.isEmpty() ? sampled : problem;
                }
            }
            double[] lag = watcher == null ? new double[] {Double.NaN, Double.NaN} : watcher.lag();
            double[] delay = watcher == null ? new double[] {Double.NaN, Double.NaN} : watcher.keyframeDelay();
            Step s = new Step(reader, mode, patrol, n, worstCorrect, agentCpu, rigCpu, heap >> 20, Pointer.physicalBytes() >> 20, problem, lag, delay,
                    sampler == null ? Double.NaN : sampler.medianMs(), roleCpu);
            System.out.printf("%-9s%-7s %4d cameras (%s reader): %4d correct, agent cpu %.0f%% (%s), rig cpu %.0f%% (of %d cores), heap %d MB, rss %d MB%s%s%s%n",
                    mode, patrol ? "+patrol" : "", n, reader, s.correct(), agentCpu * 100, ThreadRoles.text(roleCpu), rigCpu * 100, cores(), s.heapMb(),
                    s.residentMb(),
                    watcher == null ? "" : String.format(", content age p50 %.2f s p99 %.2f s, keyframe delay p99 %.3f s", lag[0], lag[1], delay[1]),
                    sampler == null ? "" : String.format(", patrol sample p50 %.1f ms", s.sampleMsP50()),
                    problem.isEmpty() ? "" : "; first problem: " + problem);
            return s;
        } finally {
            if (watcher != null) {
                watcher.stop();
            }
            if (sampler != null) {
                sampler.stop();
            }
            feature.close();
            Thread.sleep(3_000); // the rig lets the sessions go
        }
    }

    /** Null when the camera's health is what its stream should give, else what is off. */
    private static String wrong(CameraHealth h, String mode, boolean patrol) {
        if (h.state() != CameraState.ONLINE) {
            return h.state().wire() + " (" + h.reason() + ")";
        }
        if (h.width() != 768 || h.height() != 576 || !"h264".equals(h.codec())) {
            return h.codec() + " " + h.width() + "x" + h.height();
        }
        if (Math.abs(h.fpsIn() - 10) > 1.5) {
            return "fps in " + h.fpsIn();
        }
        if (h.bitrateKbps() <= 0) {
            return "bitrate " + h.bitrateKbps();
        }
        double decoded = h.fpsDecoded();
        boolean right = switch (mode) {
            case "keyframes" -> decoded >= 0.2 && decoded <= 1.0;
            case "full" -> Math.abs(decoded - 10) <= 1.5;
            default -> decoded <= (patrol ? 0.5 : 0.0); // a patrol decodes one picture per camera every 10 s
        };
        if (!right) {
            return "fps decoded " + decoded;
        }
        if (h.lastFrameAgeMs() < 0 || h.lastFrameAgeMs() > 500) {
            return "newest frame " + h.lastFrameAgeMs() + " ms old";
        }
        return null;
    }

    /**
     * Takes a patrol sample of every camera every 10 s, spread evenly, on the agent's sampling pool
     * (as inspection does; a camera still in flight at its turn is skipped): its newest picture
     * decoded, a grey motion picture and a full BGR copy.
     */
    private static final class Sampler {
        private final FrameSource frames;
        private final List<String> cameras;
        private final Map<String, Long> lastGood = new HashMap<>();
        private final List<Long> nanos = new ArrayList<>();
        private final SamplingPool pool = new SamplingPool(SamplingPool.sizeFromCores(), "patrol-sampling");
        private final Thread thread;
        private volatile boolean running = true;
        private volatile long windowFrom;
        private String problem;

        Sampler(FrameSource frames, List<String> cameras) {
            this.frames = frames;
            this.cameras = cameras;
            this.thread = new Thread(this::run, "patrol");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            long period = PATROL_MS * 1_000_000 / cameras.size();
            long next = System.nanoTime();
            int i = 0;
            while (running) {
                String c = cameras.get(i++ % cameras.size());
                pool.offer(c, () -> {
                    sample(c);
                    return null;
                });
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                } else if (-wait > PATROL_MS * 1_000_000) {
                    next = System.nanoTime(); // fell a whole round behind: the check below sees it
                }
            }
        }

        /** On a sampling thread. */
        private void sample(String c) {
            long t = System.nanoTime();
            try (Picture p = frames.newest(c).orElse(null)) {
                if (p != null) {
                    p.grey(64);
                    p.bgr();
                    long age = System.currentTimeMillis() - p.capturedAt();
                    synchronized (this) {
                        nanos.add(System.nanoTime() - t);
                        if (age <= (GOP_S + 1) * 1000) {
                            lastGood.put(c, System.currentTimeMillis());
                        } else if (problem == null && System.currentTimeMillis() > windowFrom && windowFrom > 0) {
                            problem = c + ": patrol sample " + age + " ms old";
                        }
                    }
                }
            } catch (RuntimeException e) {
                synchronized (this) {
                    problem = problem == null ? c + ": " + e : problem;
                }
            }
        }

        synchronized void reset() {
            nanos.clear();
            windowFrom = System.currentTimeMillis();
            problem = null;
        }

        /** Null when every camera had a good sample in each 10 s of the window, else the first camera that did not. */
        synchronized String problem(long now) {
            if (problem != null) {
                return problem;
            }
            for (String c : cameras) {
                Long at = lastGood.get(c);
                if (at == null || now - at > PATROL_MS + 2_000) {
                    return c + ": no patrol sample in the last " + (at == null ? "window" : (now - at) + " ms");
                }
            }
            return null;
        }

        synchronized double medianMs() {
            long[] a = nanos.stream().mapToLong(Long::longValue).toArray();
            return BenchReport.percentileMs(a, 0.5);
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(5_000);
            pool.close(10_000);
        }
    }

    /**
     * Looks at every camera's newest picture number every 50 ms: when a new one appears, how long
     * after its packet arrived it left the decoder, and at every look how old the newest picture's
     * content is (what a sampler gets).
     */
    private static final class Watcher {
        private final FrameSource frames;
        private final List<String> cameras;
        private final Map<String, Long> seen = new HashMap<>();
        private final List<Long> ages = new ArrayList<>();
        private final List<Long> delays = new ArrayList<>();
        private final Thread thread;
        private volatile boolean running = true;

        Watcher(FrameSource frames, List<String> cameras) {
            this.frames = frames;
            this.cameras = cameras;
            this.thread = new Thread(this::run, "lag-watch");
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            int round = 0;
            while (running) {
                for (String c : cameras) {
                    long no = frames.newestFrameNo(c);
                    Long before = seen.put(c, no);
                    boolean fresh = before != null && no != before;
                    if (fresh || round % 20 == 0) { // a picture's age once a second per camera, a new one's delay always
                        try (Picture p = frames.newest(c).orElse(null)) {
                            if (p != null) {
                                long now = System.currentTimeMillis();
                                synchronized (this) {
                                    ages.add(now - p.capturedAt());
                                    if (fresh && p.frameNo() == no) {
                                        delays.add(p.decodedAt() - p.capturedAt()); // measured in the agent: no matter when this thread ran
                                    }
                                }
                            }
                        }
                    }
                }
                round++;
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        synchronized double[] lag() {
            return quantiles(ages);
        }

        synchronized double[] keyframeDelay() {
            return quantiles(delays);
        }

        private static double[] quantiles(List<Long> ms) {
            long[] nanos = ms.stream().mapToLong(m -> m * 1_000_000).toArray();
            return new double[] {BenchReport.round(BenchReport.percentileMs(nanos, 0.5) / 1000, 3),
                    BenchReport.round(BenchReport.percentileMs(nanos, 0.99) / 1000, 3)};
        }

        void stop() throws InterruptedException {
            running = false;
            thread.interrupt();
            thread.join(5_000);
        }
    }

    /**
     * CPU time of this process's threads by role, from /proc (the JVM's own threads, GC and
     * compiler included, which the thread MXBean does not see): the cameras' grabbing threads
     * ("camera-" and the camera's id), the sampling pool's, and everything else. The scheduler's
     * run time in nanoseconds (schedstat), not clock ticks: a thousand threads each running for
     * a fraction of a tick ten times a second are not counted right in ticks.
     */
    static final class ThreadRoles {
        /** Nanoseconds on a CPU per role. */
        static Map<String, Long> nanos() throws IOException {
            Map<String, Long> out = new LinkedHashMap<>(Map.of("grabbers", 0L, "sampling", 0L, "other", 0L));
            try (var tasks = Files.list(Path.of("/proc/self/task"))) {
                for (Path t : (Iterable<Path>) tasks::iterator) {
                    try {
                        String name = Files.readString(t.resolve("comm")).trim();
                        long ranNanos = Long.parseLong(Files.readString(t.resolve("schedstat")).trim().split(" ")[0]);
                        String role = name.startsWith("camera-cam") ? "grabbers" : name.startsWith("patrol-sampling") ? "sampling" : "other";
                        out.merge(role, ranNanos, Long::sum);
                    } catch (IOException gone) {
                        // the thread ended while being read
                    }
                }
            }
            return out;
        }

        /** Each role's share of all cores over the window (threads that ended meanwhile count in "other" no more). */
        static Map<String, Double> share(Map<String, Long> before, Map<String, Long> after, double coreSeconds) {
            Map<String, Double> out = new LinkedHashMap<>();
            after.forEach((role, t) -> out.put(role, round(Math.max(0, t - before.getOrDefault(role, 0L)) / 1e9 / coreSeconds)));
            return out;
        }

        static String text(Map<String, Double> share) {
            StringBuilder b = new StringBuilder();
            share.forEach((role, v) -> b.append(b.length() == 0 ? "" : ", ").append(role).append(' ').append(Math.round(v * 100)).append('%'));
            return b.toString();
        }
    }

    /** The prepared RTSP rig in a JVM of its own, so its CPU is its own. */
    static final class Rig implements AutoCloseable {
        private final Process process;
        private final int port;

        private Rig(Process process, int port) {
            this.process = process;
            this.port = port;
        }

        /**
         * The rig stands for cameras outside the box: it runs niced up where allowed, so the agent's
         * thousand threads cannot starve its pacer (the kernel shares CPU per thread) and make the
         * cameras look late when the agent is what is measured.
         */
        static Rig start(int cameras) throws IOException {
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            List<String> cmd = new ArrayList<>();
            if (niceAllowed()) {
                cmd.addAll(List.of("nice", "-n", "-10"));
            }
            cmd.addAll(List.of(java, "-Xmx512m", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"),
                    PreparedRtspMain.class.getName(), Integer.toString(cameras), "street-b"));
            Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.INHERIT).start();
            BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
            String ready = out.readLine();
            if (ready == null || !ready.startsWith("READY port=")) {
                p.destroyForcibly();
                throw new IllegalStateException("the prepared RTSP rig did not start: " + ready);
            }
            return new Rig(p, Integer.parseInt(ready.split("[= ]")[2]));
        }

        String url(String mount) {
            return "rtsp://127.0.0.1:" + port + "/" + mount;
        }

        private static boolean niceAllowed() {
            try {
                // nice runs the command even when it may not raise the priority: ask the niceness it got
                Process p = new ProcessBuilder("nice", "-n", "-10", "nice").start();
                String got = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
                return p.waitFor(5, TimeUnit.SECONDS) && got.equals("-10");
            } catch (IOException | InterruptedException e) {
                return false;
            }
        }

        /** utime + stime from /proc, in nanoseconds (clock ticks of 10 ms). */
        long cpuNanos() throws IOException {
            String stat = Files.readString(Path.of("/proc/" + process.pid() + "/stat"));
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return (Long.parseLong(f[11]) + Long.parseLong(f[12])) * 10_000_000L;
        }

        @Override
        public void close() throws Exception {
            process.getOutputStream().close(); // its stdin closes: it stops
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    private static int cores() {
        return Runtime.getRuntime().availableProcessors();
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static int[] ints(String csv) {
        return csv.equals("none") ? new int[0] : Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }
}
