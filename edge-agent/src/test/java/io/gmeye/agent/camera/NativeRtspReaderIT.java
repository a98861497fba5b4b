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
import io.gmeye.rigs.camera.PreparedRtspServer;
import io.gmeye.rigs.camera.RtspCameraServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The agent's own RTSP/TCP reader against real servers: GStreamer's asking for Digest
 * credentials, and the prepared rig's H.265, whole and losing every tenth RTP packet; FFmpeg's
 * reader beside it where a camera says {@code reader: ffmpeg}. Which reader connected is read from the agent's metrics.
 */
class NativeRtspReaderIT {
    private static final Duration SOON = Duration.ofSeconds(15);
    private static RtspCameraServer digest;
    private static PreparedRtspServer prepared;
    private static CameraFeature feature;
    private static final Map<String, Long> counts = new ConcurrentHashMap<>();

    @BeforeAll
    static void start() {
        Clips clips = Clips.inTempDir();
        Clip h264 = clips.pattern(320, 240, 10, 10, 4);
        Clip hevc = clips.counted("hevc", 320, 240, 10, 20, 2, 30);
        digest = RtspCameraServer.builder().mount("cam", h264).digestAuth("admin", "secret").start();
        prepared = PreparedRtspServer.builder().mount("hevc", hevc).mount("lossy", hevc).losing("lossy", 10).start();
        List<CameraSpec> cameras = List.of(
                new CameraSpec("digest", digest.url("cam"), "tcp", "full", List.of(), "native"),
                new CameraSpec("digest-badpass", digest.url("cam", "admin", "wrong"), "tcp", "ondemand", List.of(), "native"),
                new CameraSpec("digest-ffmpeg", digest.url("cam"), "tcp", "ondemand", List.of(), "ffmpeg"),
                new CameraSpec("hevc", prepared.url("hevc"), "tcp", "keyframes", List.of(), "auto"),
                new CameraSpec("lossy", prepared.url("lossy"), "tcp", "ondemand", List.of(), "native"));
        CameraConfig config = new CameraConfig(cameras, Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(3),
                Duration.ofMillis(500), Duration.ofSeconds(2), 0.25, Duration.ofSeconds(1), null,
                Duration.ofMillis(500), Duration.ofSeconds(30), Duration.ofSeconds(3), 0, 4, Duration.ofSeconds(30), 0, 0, null, null, null);
        feature = new CameraFeature(config, "site-1", new RecordingOutbox(), new RecordingDirectChannel(),
                Clock.systemUTC(), new Counting(), null, FaceRule.OFF);
        feature.start();
    }

    @AfterAll
    static void stop() {
        if (feature != null) {
            feature.close();
        }
        if (digest != null) {
            digest.close();
        }
        if (prepared != null) {
            prepared.close();
        }
    }

    @Test
    void readsACameraThatAsksForDigestCredentialsWithThoseOfItsUrl() {
        await().atMost(SOON).untilAsserted(() -> {
            CameraHealth h = health("digest");
            assertThat(h.state()).isEqualTo(CameraState.ONLINE);
            assertThat(h.codec()).isEqualTo("h264");
            assertThat(h.width()).isEqualTo(320);
            assertThat(h.height()).isEqualTo(240);
            assertThat(h.fpsIn()).isBetween(8.5, 11.5);
            assertThat(h.fpsDecoded()).isBetween(8.5, 11.5);
            assertThat(h.bitrateKbps()).isPositive();
            assertThat(h.lastFrameAgeMs()).isBetween(0L, 1000L);
        });
        assertThat(counts.getOrDefault("camera.connect/native", 0L)).isPositive();
    }

    @Test
    void aWrongPasswordIsUnauthorizedWithTheReasonFfmpegsReaderGives() {
        await().atMost(SOON).untilAsserted(() -> {
            assertThat(health("digest-badpass").state()).isEqualTo(CameraState.UNAUTHORIZED);
            assertThat(health("digest-badpass").reason())
                    .isEqualTo("the camera refused the credentials (401) for " + digest.url("cam", "admin", "***") + ": check user and password");
        });
    }

    @Test
    void aCameraToldToUseFfmpegsReaderIsReadByIt() {
        await().atMost(SOON).untilAsserted(() -> {
            assertThat(health("digest-ffmpeg").state()).isEqualTo(CameraState.ONLINE);
            assertThat(health("digest-ffmpeg").fpsIn()).isBetween(8.5, 11.5);
            assertThat(counts.getOrDefault("camera.connect/ffmpeg", 0L)).isPositive();
        });
    }

    @Test
    void readsH265AndDecodesItsKeyframes() {
        await().atMost(SOON).untilAsserted(() -> {
            CameraHealth h = health("hevc");
            assertThat(h.state()).isEqualTo(CameraState.ONLINE);
            assertThat(h.codec()).isEqualTo("hevc");
            assertThat(h.width()).isEqualTo(320);
            assertThat(h.height()).isEqualTo(240);
            assertThat(h.fpsIn()).isBetween(8.5, 11.5);
            assertThat(h.fpsDecoded()).isBetween(0.2, 0.8); // a keyframe every 2 s
            assertThat(h.picturesLost()).isZero();
            assertThat(h.picturesLostLastMinute()).isZero();
        });
    }

    @Test
    void aCameraLosingRtpPacketsReadsDegradedWithTheShareOfPicturesItLost() {
        await().atMost(SOON).untilAsserted(() -> {
            CameraHealth h = health("lossy");
            assertThat(h.state()).isEqualTo(CameraState.DEGRADED);
            assertThat(h.reason()).matches("lost \\d+% of its pictures in the last minute \\(RTP packets lost\\)");
            assertThat(h.picturesLostLastMinute()).isPositive();
            assertThat(h.picturesLost()).isGreaterThanOrEqualTo(h.picturesLostLastMinute());
            assertThat(h.fpsIn()).isPositive().isLessThan(9.5); // the pictures left whole still come
        });
    }

    @Test
    void ffmpegsReaderSaysItDoesNotCountPicturesLost() {
        await().atMost(SOON).untilAsserted(() -> {
            CameraHealth h = health("digest-ffmpeg");
            assertThat(h.state()).isEqualTo(CameraState.ONLINE);
            assertThat(h.picturesLost()).isEqualTo(-1);
            assertThat(h.picturesLostLastMinute()).isEqualTo(-1);
        });
    }

    private static CameraHealth health(String camera) {
        return feature.health().stream().filter(h -> h.camera().equals(camera)).findFirst()
                .orElseThrow(() -> new AssertionError("no health for " + camera + " yet"));
    }

    /** Counts connections by the reader that made them. */
    private static final class Counting implements Metrics {
        @Override
        public void count(String name, long amount, String... tags) {
            for (int i = 0; i + 1 < tags.length; i += 2) {
                if (tags[i].equals("reader")) {
                    counts.merge(name + "/" + tags[i + 1], amount, Long::sum);
                }
            }
        }

        @Override
        public void time(String name, long nanos, String... tags) {
        }

        @Override
        public void gauge(String name, Supplier<Number> value, String... tags) {
        }
    }
}
