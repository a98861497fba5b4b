package io.gmeye.agent.gb28181;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.camera.CameraFeature;
import io.gmeye.agent.camera.RecordingDirectChannel;
import io.gmeye.agent.camera.RecordingOutbox;
import io.gmeye.agent.camera.ingest.CameraSupervisor;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.platform.system.ProcessStats;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.rigs.bench.BenchReport;
import io.gmeye.rigs.camera.Clip;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.camera.RtspCameraServer;
import io.gmeye.rigs.gb28181.DeviceSpec;
import io.gmeye.rigs.gb28181.GbSimulator;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * ./run bench gb28181: in one run, channels one agent holds over GB/T 28181 in keyframe mode (PS
 * over RTP/UDP from an NVR simulator in its own process) against the same street video over RTSP
 * (GStreamer's RTSP server in its own process), with every channel's health right; and
 * INVITE-to-first-frame times of channels invited on demand. For each step of a ladder of counts
 * the agent runs a warm-up, then a measured window in which every look must find every camera
 * online at 10 +- 1.5 fps in, its keyframes decoded (one per 2 s) and its newest frame under 3 s
 * old. Reported per step: the agent's CPU and the rig's (shares of all cores), heap.
 */
@Tag("bench")
class GbFleetBench {
    private static final int[] LADDER = ints(System.getProperty("bench.gb.ladder", "50,100,150"));
    private static final int INVITES = Integer.getInteger("bench.gb.invites", 60);
    private static final long WARM_UP_MS = Long.getLong("bench.gb.warmupMs", 15_000);
    private static final long WINDOW_MS = Long.getLong("bench.gb.windowMs", 15_000);
    private static final String PLATFORM = "44031100002000000001";

    record Step(String protocol, int cameras, int correct, double agentCpu, double rigCpu, long heapMb, String firstProblem) {
        boolean passed() {
            return correct == cameras;
        }
    }

    @Test
    void channelsOneAgentHoldsAndInviteTimes() throws Exception {
        int max = Arrays.stream(LADDER).max().orElse(1);
        Clip clip = Clips.inTempDir().vtest(20);
        List<Step> steps = new ArrayList<>();
        long[] invites;
        RtspCameraServer.Builder rtspBuilder = RtspCameraServer.builder();
        for (int i = 0; i < max; i++) {
            rtspBuilder.mount(String.format("cam%03d", i), clip);
        }
        int sipPort = GbSimulator.freeUdpAndTcpPort("127.0.0.1");
        GbConfig config = new GbConfig(true, PLATFORM, null, "127.0.0.1", null, sipPort, "bench-secret", List.of(), Duration.ofSeconds(60),
                3, null, Duration.ofSeconds(5), new GbConfig.Media("udp", null, 0, 0, Duration.ofSeconds(10), Duration.ofSeconds(1), 0),
                "keyframes", Map.of());
        try (RtspCameraServer rtsp = rtspBuilder.start();
             GbFeature gb = new GbFeature(config, Files.createTempDirectory("gb-bench"), Clock.systemUTC(), Metrics.NOOP)) {
            gb.start();
            Process rig = startRig(max, sipPort);
            try {
                String nvr = DeviceSpec.id("118", 1);
                waitFor(() -> gb.found().size() >= max, 120_000, "the NVR's catalog of " + max + " channels");
                List<String> channels = gb.found().stream().map(f -> f.spec().id()).sorted().toList();
                for (int n : LADDER) {
                    steps.add(rtspStep(rtsp, n));
                    steps.add(gbStep(gb, rig.pid(), channels.subList(0, n)));
                }
                invites = inviteTimes(gb, channels);
                System.out.println("NVR " + nvr + ": " + channels.size() + " channels");
            } finally {
                rig.destroy();
            }
        }
        int gbHeld = held(steps, "gb28181");
        int rtspHeld = held(steps, "rtsp");
        Map<String, Object> figures = new LinkedHashMap<>();
        for (Step s : steps) {
            String k = s.protocol() + "_" + s.cameras();
            figures.put(k + "_ok", s.correct() + "/" + s.cameras());
            figures.put(k + "_cpu", s.agentCpu());
            figures.put(k + "_rig_cpu", s.rigCpu());
            figures.put(k + "_heap_mb", s.heapMb());
            if (!s.passed()) {
                figures.put(k + "_problem", s.firstProblem().replaceAll("\\s+", "_")); // one token in the BENCH line
            }
        }
        figures.put("invites", invites.length);
        figures.put("invite_p50_ms", BenchReport.round(BenchReport.percentileMs(invites, 0.50), 1));
        figures.put("cores", Runtime.getRuntime().availableProcessors());
        figures.put("load_average", ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        figures.put("gb_channels", gbHeld);
        figures.put("rtsp_channels", rtspHeld);
        figures.put("ratio", rtspHeld == 0 ? 0 : BenchReport.round((double) gbHeld / rtspHeld, 3));
        figures.put("invite_p99_ms", BenchReport.round(BenchReport.percentileMs(invites, 0.99), 1));
        BenchReport.write("gb28181", figures);
    }

    private static Process startRig(int channels, int sipPort) throws IOException {
        Path log = Files.createTempFile("gb-bench-rig", ".log");
        Process p = new ProcessBuilder("java", "-Xmx512m", "-cp", System.getProperty("java.class.path"), "io.gmeye.rigs.gb28181.GbRigMain", "0",
                "--nvr=" + channels, "--agent=127.0.0.1:" + sipPort, "--id=" + PLATFORM, "--password=bench-secret")
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        System.out.println("NVR simulator pid " + p.pid() + ", log " + log);
        return p;
    }

    /** The same street video over RTSP from GStreamer: n cameras in keyframes mode. */
    private static Step rtspStep(RtspCameraServer server, int n) throws Exception {
        List<CameraSpec> cameras = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String name = String.format("cam%03d", i);
            cameras.add(new CameraSpec(name, server.url(name), "tcp", "keyframes", List.of()));
        }
        CameraFeature feature = new CameraFeature(CameraConfig.of(cameras), "bench", new RecordingOutbox(), new RecordingDirectChannel(),
                Clock.systemUTC(), Metrics.NOOP, null, FaceRule.OFF);
        try {
            feature.start();
            return measure("rtsp", feature, Set.copyOf(cameras.stream().map(CameraSpec::id).toList()), server.pid());
        } finally {
            feature.close();
            Thread.sleep(3_000); // the server tears the sessions down
        }
    }

    /** n channels of the NVR, invited because scenes watch them, in keyframes mode. */
    private static Step gbStep(GbFeature gb, long rigPid, List<String> channels) throws Exception {
        CameraFeature feature = new CameraFeature(CameraConfig.of(List.of()), "bench", new RecordingOutbox(), new RecordingDirectChannel(),
                Clock.systemUTC(), Metrics.NOOP, null, FaceRule.OFF);
        feature.addFinder(gb);
        try {
            feature.watchedByScenes(Set.copyOf(channels));
            feature.start();
            return measure("gb28181", feature, Set.copyOf(channels), rigPid);
        } finally {
            feature.close(); // BYE to every stream
            waitFor(() -> gb.media().openCount() == 0, 30_000, "the streams to end");
            Thread.sleep(2_000);
        }
    }

    private static Step measure(String protocol, CameraFeature feature, Set<String> judged, long rigPid) throws Exception {
        int n = judged.size();
        Thread.sleep(WARM_UP_MS);
        long cpu0 = ProcessStats.cpuNanos();
        long rig0 = ProcessStats.cpuNanos(rigPid);
        long t0 = System.nanoTime();
        int worstCorrect = n;
        String problem = "";
        long heap = 0;
        for (long end = System.currentTimeMillis() + WINDOW_MS; System.currentTimeMillis() < end; ) {
            Thread.sleep(5_000);
            int correct = 0;
            int seen = 0;
            for (CameraHealth h : feature.health()) {
                if (!judged.contains(h.camera())) {
                    continue;
                }
                seen++;
                String why = wrong(h);
                if (why == null) {
                    correct++;
                } else if (problem.isEmpty()) {
                    problem = h.camera() + ": " + why;
                }
            }
            worstCorrect = Math.min(worstCorrect, seen == n ? correct : 0);
            heap = Math.max(heap, ProcessStats.heapUsed());
        }
        double wall = System.nanoTime() - t0;
        int cores = Runtime.getRuntime().availableProcessors();
        Step s = new Step(protocol, n, worstCorrect, round((ProcessStats.cpuNanos() - cpu0) / wall / cores),
                round((ProcessStats.cpuNanos(rigPid) - rig0) / wall / cores), heap >> 20, problem);
        System.out.printf("%-8s %3d channels: %3d correct, agent cpu %.0f%%, rig cpu %.0f%% (of %d cores), heap %d MB%s%n", protocol, n,
                s.correct(), s.agentCpu() * 100, s.rigCpu() * 100, cores, s.heapMb(), problem.isEmpty() ? "" : "; first problem: " + problem);
        return s;
    }

    /**
     * INVITE to first frame: a channel nothing needed is asked for a picture taken after the call
     * (as a snapshot does), timed until its first keyframe is decoded; it is released after 1 s and the next one is asked.
     */
    private static long[] inviteTimes(GbFeature gb, List<String> channels) throws Exception {
        CameraFeature feature = new CameraFeature(CameraConfig.of(List.of()), "bench", new RecordingOutbox(), new RecordingDirectChannel(),
                Clock.systemUTC(), Metrics.NOOP, null, FaceRule.OFF);
        feature.addFinder(gb);
        long[] times = new long[INVITES];
        try {
            feature.start();
            Thread.sleep(3_000);
            CameraSupervisor supervisor = (CameraSupervisor) feature.frames();
            for (int i = 0; i < INVITES; i++) {
                String channel = channels.get(i % channels.size());
                waitFor(() -> gb.media().openCount() == 0, 30_000, "the previous stream to end");
                long t0 = System.nanoTime();
                boolean got;
                try (var picture = supervisor.pictureAfter(channel, System.currentTimeMillis(), 10_000,
                        java.util.concurrent.ForkJoinPool.commonPool()).get()) {
                    got = picture != null;
                } catch (java.util.concurrent.ExecutionException e) {
                    got = false; // no picture within 10 s
                }
                times[i] = got ? System.nanoTime() - t0 : 10_000_000_000L;
            }
        } finally {
            feature.close();
        }
        return times;
    }

    private static String wrong(CameraHealth h) {
        if (h.state() != CameraState.ONLINE) {
            return h.state().wire() + " (" + h.reason() + ")";
        }
        if (h.width() != 768 || h.height() != 576) {
            return "size " + h.width() + "x" + h.height();
        }
        if (Math.abs(h.fpsIn() - 10) > 1.5) {
            return "fps in " + h.fpsIn();
        }
        if (h.fpsDecoded() < 0.2 || h.fpsDecoded() > 1.0) {
            return "fps decoded " + h.fpsDecoded();
        }
        if (h.lastFrameAgeMs() < 0 || h.lastFrameAgeMs() > 3_000) {
            return "newest frame " + h.lastFrameAgeMs() + " ms old";
        }
        return null;
    }

    private static int held(List<Step> steps, String protocol) {
        return steps.stream().filter(s -> s.protocol().equals(protocol) && s.passed()).mapToInt(Step::cameras).max().orElse(0);
    }

    private interface Condition {
        boolean met() throws Exception;
    }

    private static void waitFor(Condition c, long ms, String what) throws Exception {
        long end = System.currentTimeMillis() + ms;
        while (!c.met()) {
            if (System.currentTimeMillis() > end) {
                throw new IllegalStateException("timed out waiting for " + what);
            }
            Thread.sleep(100);
        }
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    private static int[] ints(String csv) {
        return Arrays.stream(csv.split(",")).map(String::trim).filter(s -> !s.isEmpty()).mapToInt(Integer::parseInt).toArray();
    }
}
