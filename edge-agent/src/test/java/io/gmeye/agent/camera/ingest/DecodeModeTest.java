package io.gmeye.agent.camera.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.protocols.config.CameraSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class DecodeModeTest {
    private final CameraConfig config = CameraConfig.of(List.of());

    @Test
    void aCameraLeftToAutoIsDecodedOnDemandUnlessASceneWatchesIt() {
        CameraSpec auto = new CameraSpec("cam", "rtsp://h/x", null, null, List.of());
        assertThat(auto.decode()).isEqualTo("auto");
        assertThat(StreamTarget.of(auto, config, false).mode()).isEqualTo(DecodeMode.ONDEMAND);
        assertThat(StreamTarget.of(auto, config, true).mode()).isEqualTo(DecodeMode.FULL);
    }

    @Test
    void anExplicitModeIsKeptWhetherAWatchingSceneExistsOrNot() {
        for (boolean watched : new boolean[] {false, true}) {
            assertThat(StreamTarget.of(spec("full"), config, watched).mode()).isEqualTo(DecodeMode.FULL);
            assertThat(StreamTarget.of(spec("keyframes"), config, watched).mode()).isEqualTo(DecodeMode.KEYFRAMES);
            assertThat(StreamTarget.of(spec("ondemand"), config, watched).mode()).isEqualTo(DecodeMode.ONDEMAND);
        }
    }

    @Test
    void theRtspSocketTimeoutIsNeverShorterThanTheConnectTimeout() {
        CameraConfig c = new CameraConfig(List.of(), Duration.ofSeconds(10), Duration.ofSeconds(5), null, null, null, 0, null, null, null,
                null, null, 0, 0, null, 0, 0, null, null, null);
        StreamTarget t = StreamTarget.of(spec("full"), c, false);
        assertThat(t.socketTimeoutMs()).isEqualTo(10_000);
        assertThat(t.formatOptions()).containsEntry("timeout", "10000000");
    }

    private static CameraSpec spec(String decode) {
        return new CameraSpec("cam", "rtsp://h/x", "tcp", decode, List.of());
    }
}
