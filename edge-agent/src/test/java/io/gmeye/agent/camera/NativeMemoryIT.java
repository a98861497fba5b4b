package io.gmeye.agent.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.models.image.Jpeg;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.platform.system.ProcessStats;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.rigs.camera.Clip;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.camera.RtspCameraServer;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.bytedeco.javacpp.Pointer;
import org.junit.jupiter.api.Test;

/**
 * A long grab run: two cameras decoded in full, every frame sampled (converted to BGR, some
 * encoded as JPEG), a third decoded on demand several times a second (a decoder opened and freed
 * for each picture, its packets kept and dropped), and the server restarted every few seconds so
 * connections are opened and torn down again and again. Native memory (resident set, JavaCPP's own count) and heap must end
 * where they were after warm-up. -Dgmeye.soak.seconds=600 runs it longer.
 *
 * <p>The build runs it in its own JVM with a fixed, pre-touched heap (execution "native-memory" in
 * the pom; by hand: {@code mvn -pl edge-agent -am test-compile surefire:test@native-memory
 * -Dtest=NativeMemoryIT -Dsurefire.failIfNoSpecifiedTests=false}); elsewhere the heap's growth
 * would read as native growth, so it is skipped.
 */
class NativeMemoryIT {
    private static final long MB = 1 << 20;

    @Test
    void nativeMemoryAndHeapStayFlatOverALongGrabRunWithReconnects() throws Exception {
        assumeTrue(ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:+AlwaysPreTouch"),
                "needs a pre-touched heap (surefire execution native-memory)");
        int seconds = Integer.getInteger("gmeye.soak.seconds", 24);
        Clip clip = Clips.inTempDir().pattern(640, 480, 25, 25, 4);
        try (RtspCameraServer server = RtspCameraServer.builder().mount("a", clip).mount("b", clip).mount("c", clip).start()) {
            List<CameraSpec> cameras = List.of(
                    new CameraSpec("a", server.url("a"), "tcp", "full", List.of()),
                    new CameraSpec("b", server.url("b"), "udp", "full", List.of()),
                    new CameraSpec("c", server.url("c"), "tcp", "ondemand", List.of()));
            CameraConfig config = new CameraConfig(cameras, null, null, Duration.ofSeconds(2), Duration.ofMillis(200),
                    Duration.ofMillis(500), 0, Duration.ofMillis(200), null, Duration.ofMillis(500), null, null, 0, 0, null, 0, 0, null, null, null);
            try (CameraFeature feature = new CameraFeature(config, "site-1", new RecordingOutbox(), new RecordingDirectChannel(),
                    Clock.systemUTC(), Metrics.NOOP, null, FaceRule.OFF)) {
                feature.start();
                // malloc arenas of the grabbing threads settle during the first connections
                long warmUpEnd = System.currentTimeMillis() + 12_000;
                run(feature, server, warmUpEnd);
                long[] before = measure();
                long framesBefore = frames(feature);
                run(feature, server, System.currentTimeMillis() + seconds * 1000L);
                long[] after = measure();
                long decoded = frames(feature) - framesBefore;

                System.out.printf("soak %d s: decoded %d frames; resident less non-heap %d -> %d MB, javacpp %d -> %d KB, heap %d -> %d MB%n",
                        seconds, decoded, before[0] / MB, after[0] / MB, before[1] / 1024, after[1] / 1024, before[2] / MB, after[2] / MB);
                assertThat(decoded).as("frames decoded during the run").isGreaterThan(seconds * 25L); // two cameras at 25 fps, restarts aside
                assertThat(after[0] - before[0]).as("native memory growth").isLessThan(20 * MB); // a frame leaked per frame would be 450 KB x 1200
                assertThat(after[1] - before[1]).as("JavaCPP-tracked native memory growth").isLessThan(2 * MB);
                assertThat(after[2] - before[2]).as("heap growth after GC").isLessThan(16 * MB);
            }
        }
    }

    /** Samples every camera as fast as frames come (as inspection would, but harder) and restarts the server every 6 s. */
    private static void run(CameraFeature feature, RtspCameraServer server, long until) throws InterruptedException {
        long nextRestart = System.currentTimeMillis() + 6_000;
        int n = 0;
        while (System.currentTimeMillis() < until) {
            for (String camera : List.of("a", "b")) {
                var frame = feature.frames().latest(camera);
                if (frame.isPresent() && n++ % 10 == 0) {
                    Jpeg.encode(frame.get().image(), 0.8f);
                }
            }
            if (n % 4 == 0) {
                try (Picture p = feature.frames().newest("c").orElse(null)) {
                    if (p != null) {
                        p.grey(64);
                        p.bgr();
                    }
                }
            }
            if (System.currentTimeMillis() > nextRestart) {
                server.restart();
                nextRestart = System.currentTimeMillis() + 6_000;
            }
            Thread.sleep(40);
        }
        await().atMost(Duration.ofSeconds(15)).until(() ->
                feature.health().stream().allMatch(h -> h.state() == CameraState.ONLINE) && feature.health().size() == 3);
    }

    private static long frames(CameraFeature feature) {
        return feature.frames().latest("a").map(CameraFrame::frameNo).orElse(0L) + feature.frames().latest("b").map(CameraFrame::frameNo).orElse(0L);
    }

    /**
     * Resident bytes less the JVM's committed non-heap (metaspace, code cache): the build runs this
     * test with a fixed, pre-touched heap, so the rest of the growth is native memory. Then
     * JavaCPP-tracked bytes, and heap used after GC.
     */
    private static long[] measure() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        MemoryMXBean jvm = ManagementFactory.getMemoryMXBean();
        long jvmCommitted = jvm.getNonHeapMemoryUsage().getCommitted();
        return new long[] {Pointer.physicalBytes() - jvmCommitted, Pointer.totalBytes(), ProcessStats.heapUsed()};
    }

}
