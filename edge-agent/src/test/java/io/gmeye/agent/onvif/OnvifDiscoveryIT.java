package io.gmeye.agent.onvif;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.camera.CameraFeature;
import io.gmeye.agent.camera.RecordingDirectChannel;
import io.gmeye.agent.camera.RecordingOutbox;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.camera.PtzRequest;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.camera.RtspCameraServer;
import io.gmeye.rigs.onvif.OnvifCameraSim;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ONVIF from discovery to a streaming camera: a probe over UDP finds the simulated camera, its
 * profiles and stream address come over SOAP with a UsernameToken digest, and the RTSP stream it
 * names (a GStreamer rig, with the same credentials) is pulled by the camera feature.
 */
class OnvifDiscoveryIT {
    private static RtspCameraServer rtsp;
    private static OnvifCameraSim dome;

    @BeforeAll
    static void start() throws Exception {
        rtsp = RtspCameraServer.builder().mount("onvif", Clips.inTempDir().pattern(320, 240, 10, 10, 4)).auth("admin", "secret").start();
        dome = new OnvifCameraSim("127.0.0.1", "admin", "secret", rtsp.plainUrl("onvif"), true);
    }

    @AfterAll
    static void stop() {
        if (dome != null) {
            dome.close();
        }
        if (rtsp != null) {
            rtsp.close();
        }
    }

    private static OnvifConfig config(String password) {
        return new OnvifConfig(true, "admin", password, List.of(dome.probeAddress()), false, Duration.ofHours(1), Duration.ofSeconds(1),
                Duration.ofSeconds(5), "keyframes", "tcp", List.of("onvif"));
    }

    @Test
    void aProbedCameraBecomesAStreamingRtspCameraOfTheSite() throws Exception {
        try (OnvifFeature onvif = new OnvifFeature(config("secret"), Clock.systemUTC(), Metrics.NOOP)) {
            List<OnvifFeature.OnvifCamera> found = onvif.discoverNow().get(20, TimeUnit.SECONDS);
            assertThat(found).singleElement().satisfies(c -> {
                assertThat(c.endpoint()).isEqualTo(dome.endpoint());
                assertThat(c.id()).startsWith("onvif-");
                assertThat(c.ptz()).isTrue();
                assertThat(c.profileToken()).isEqualTo("profile_main");
                assertThat(c.rtspUrl()).startsWith("rtsp://admin:secret@127.0.0.1:");
                assertThat(c.manufacturer()).isEqualTo("gmeye-rig");
            });
            var spec = onvif.cameras().get(0);
            assertThat(spec.decode()).isEqualTo("keyframes");
            assertThat(spec.tags()).containsExactly("onvif");
            RecordingOutbox outbox = new RecordingOutbox();
            try (CameraFeature cameras = new CameraFeature(CameraConfig.of(onvif.cameras()), "site-1", outbox, new RecordingDirectChannel(),
                    Clock.systemUTC(), Metrics.NOOP, null, FaceRule.OFF)) {
                cameras.start();
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(cameras.health()).filteredOn(x -> x.camera().equals(spec.id())).singleElement().satisfies(h -> {
                        assertThat(h.state()).isEqualTo(CameraState.ONLINE);
                        assertThat(h.width()).isEqualTo(320);
                        assertThat(h.codec()).isEqualTo("h264");
                    });
                });
            }
        }
    }

    @Test
    void ptzMovesStopsAndGoesToPresetsOverSoap() throws Exception {
        try (OnvifFeature onvif = new OnvifFeature(config("secret"), Clock.systemUTC(), Metrics.NOOP)) {
            String id = onvif.discoverNow().get(20, TimeUnit.SECONDS).get(0).id();
            int before = dome.ptzCalls().size();
            onvif.ptz(id, PtzRequest.move(0.5, -0.25, 0)).get(10, TimeUnit.SECONDS);
            onvif.ptz(id, PtzRequest.stop()).get(10, TimeUnit.SECONDS);
            onvif.ptz(id, PtzRequest.gotoPreset(4)).get(10, TimeUnit.SECONDS);
            List<OnvifCameraSim.PtzCall> calls = dome.ptzCalls().subList(before, before + 3);
            assertThat(calls.get(0)).isEqualTo(new OnvifCameraSim.PtzCall("ContinuousMove", "profile_main", 0.5f, -0.25f, 0f, null));
            assertThat(calls.get(1).operation()).isEqualTo("Stop");
            assertThat(calls.get(2)).extracting(OnvifCameraSim.PtzCall::operation, OnvifCameraSim.PtzCall::preset)
                    .containsExactly("GotoPreset", "4");
        }
    }

    @Test
    void aWrongPasswordFindsTheCameraButSetsNothingUp() throws Exception {
        try (OnvifFeature onvif = new OnvifFeature(config("wrong"), Clock.systemUTC(), Metrics.NOOP)) {
            assertThat(onvif.discoverNow().get(20, TimeUnit.SECONDS)).isEmpty();
            assertThat(onvif.cameras()).isEmpty();
        }
        OnvifClient client = new OnvifClient(dome.deviceServiceUrl(), "admin", "wrong", 5_000, Clock.systemUTC());
        assertThatThrownBy(client::connect).isInstanceOf(OnvifException.class).hasMessageContaining("Not Authorized");
    }
}
