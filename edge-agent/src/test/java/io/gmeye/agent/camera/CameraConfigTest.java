package io.gmeye.agent.camera;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.agent.config.AgentConfig;
import io.gmeye.platform.config.ConfigException;
import io.gmeye.platform.config.YamlConfigLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CameraConfigTest {
    private final YamlConfigLoader loader = new YamlConfigLoader("GMEYE_");

    @Test
    void readsCamerasFromTheAgentsYamlWithDefaultsForTheRest() {
        AgentConfig c = loader.loadString("agent.yaml", """
                site: s1
                hub: {url: "tcp://127.0.0.1:1883", password: x}
                cameras:
                  cameras:
                    - {id: cam1, url: "rtsp://127.0.0.1:8554/cam1", decode: keyframes, tags: [street]}
                    - {id: cam2, url: "rtsp://127.0.0.1:8554/cam2", transport: udp, reader: ffmpeg}
                  stallAfter: 3s
                """, AgentConfig.class, Map.of());
        CameraConfig cams = c.cameras();
        assertThat(cams.cameras()).hasSize(2);
        assertThat(cams.cameras().get(0).transport()).isEqualTo("tcp");
        assertThat(cams.cameras().get(0).decode()).isEqualTo("keyframes");
        assertThat(cams.cameras().get(0).readerMode()).isEqualTo("auto");
        assertThat(cams.cameras().get(1).transport()).isEqualTo("udp");
        assertThat(cams.cameras().get(1).reader()).isEqualTo("ffmpeg");
        assertThat(cams.stallAfter()).isEqualTo(Duration.ofSeconds(3));
        assertThat(cams.backoffMax()).isEqualTo(Duration.ofSeconds(5));
        assertThat(cams.healthFullEvery()).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void refusesABadTransportDecodeModeOrReaderOrATwiceUsedIdNamingTheField() {
        assertThatThrownBy(() -> load("- {id: cam1, url: \"rtsp://h/x\", transport: http}"))
                .isInstanceOf(ConfigException.class).hasMessageContaining("cameras.cameras[0].transport");
        assertThatThrownBy(() -> load("- {id: cam1, url: \"rtsp://h/x\", decode: some}"))
                .hasMessageContaining("cameras[0].decode").hasMessageContaining("auto, full, keyframes or ondemand");
        assertThatThrownBy(() -> load("- {id: cam1, url: \"rtsp://h/x\", reader: gstreamer}"))
                .hasMessageContaining("cameras[0].reader").hasMessageContaining("auto, native or ffmpeg");
        assertThatThrownBy(() -> load("- {id: cam1, url: \"rtsp://h/x\"}\n    - {id: cam1, url: \"rtsp://h/y\"}"))
                .hasMessageContaining("cameras[1].id").hasMessageContaining("twice");
        assertThatThrownBy(() -> load("- {id: cam1, url: \"http://h/x\"}")).hasMessageContaining("cameras[0].url");
    }

    @Test
    void theShippedAgentYamlLoads() {
        Path file = Path.of(System.getProperty("gmeye.root", "..")).resolve("config/agent.yaml");
        AgentConfig c = loader.load(file, AgentConfig.class, Map.of());
        assertThat(c.cameras().stallAfter()).isEqualTo(Duration.ofSeconds(5));
    }

    private AgentConfig load(String cameras) {
        return loader.loadString("agent.yaml", "site: s1\nhub: {url: \"tcp://127.0.0.1:1883\", password: x}\ncameras:\n  cameras:\n    "
                + cameras + "\n", AgentConfig.class, Map.of());
    }
}
