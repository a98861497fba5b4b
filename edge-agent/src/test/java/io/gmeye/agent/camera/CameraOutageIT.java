package io.gmeye.agent.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.rigs.camera.Clip;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.camera.RtspCameraServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The camera server goes away and comes back; every camera's state, as the health batches in the
 * outbox carry it to the hub, follows within 10 s each way, and during the outage its reason is
 * the current one. Default timeouts and backoff, a TCP, a keyframes-only and a UDP camera.
 */
class CameraOutageIT {
    private static final Duration TEN_SECONDS = Duration.ofSeconds(10);
    private static final List<String> CAMERAS = List.of("a", "b", "c");
    private static RtspCameraServer server;
    private static RecordingOutbox outbox;
    private static CameraFeature feature;

    @BeforeAll
    static void start() {
        Clip clip = Clips.inTempDir().pattern(320, 240, 10, 10, 4);
        server = RtspCameraServer.builder().mount("a", clip).mount("b", clip).mount("c", clip).start();
        List<CameraSpec> cameras = List.of(
                new CameraSpec("a", server.url("a"), "tcp", "full", List.of()),
                new CameraSpec("b", server.url("b"), "tcp", "keyframes", List.of()),
                new CameraSpec("c", server.url("c"), "udp", "full", List.of()));
        outbox = new RecordingOutbox();
        feature = new CameraFeature(CameraConfig.of(cameras), "site-1", outbox, new RecordingDirectChannel(),
                Clock.systemUTC(), Metrics.NOOP, null, FaceRule.OFF);
        feature.start();
        await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertAtHub(CameraState.ONLINE));
    }

    @AfterAll
    static void stop() {
        if (feature != null) {
            feature.close();
        }
        server.close();
    }

    @Test
    void killedServerTurnsEveryCameraOfflineAndBackOnlineWithinTenSecondsEach() {
        server.kill();
        await().atMost(TEN_SECONDS).untilAsserted(() -> assertAtHub(CameraState.OFFLINE));
        server.restart();
        await().atMost(TEN_SECONDS).untilAsserted(() -> assertAtHub(CameraState.ONLINE));
    }

    @Test
    void frozenServerIsDetectedAsStalledThenSaidToGiveNoAnswerAndRecoversWhenThawed() {
        server.freeze();
        try {
            // watchdog 5 s; over UDP FFmpeg may hand out one late packet first, which restarts it once
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertAtHub(CameraState.OFFLINE);
                for (String camera : CAMERAS) {
                    assertThat(outbox.newest(camera).orElseThrow().lastError()).contains("stalled");
                }
            });
            // the reconnect finds a server that accepts and never answers: after the connect timeout (10 s), the hub is
            // told the current reason in a changes batch, not left with the first one until the next full report
            await().atMost(Duration.ofSeconds(25)).untilAsserted(() -> {
                for (String camera : CAMERAS) {
                    assertThat(outbox.newest(camera).orElseThrow().reason()).as(camera).startsWith("no answer from").contains("within 10");
                    assertThat(changesBatchesSaying(camera, "no answer from")).as(camera + ": changes batches with the new reason").isPositive();
                }
            });
        } finally {
            server.thaw();
        }
        await().atMost(TEN_SECONDS).untilAsserted(() -> assertAtHub(CameraState.ONLINE));
        assertThat(outbox.newest("a").orElseThrow().reconnects()).isPositive();
    }

    private static long changesBatchesSaying(String camera, String reason) {
        return outbox.healthBatches().stream().filter(b -> !b.full()).flatMap(b -> b.cameras().stream())
                .filter(h -> h.camera().equals(camera) && h.reason() != null && h.reason().startsWith(reason)).count();
    }

    private static void assertAtHub(CameraState state) {
        for (String camera : CAMERAS) {
            assertThat(outbox.newest(camera)).as(() -> camera + " " + outbox.newest(camera)).map(CameraHealth::state).contains(state);
        }
    }
}
