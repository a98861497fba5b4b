package io.gmeye.agent.app;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.config.AgentConfig;
import io.gmeye.agent.inspection.Clips;
import io.gmeye.models.runtime.OrtModel;
import io.gmeye.platform.config.YamlConfigLoader;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real agent on a site that blurs faces and runs an object scene: the face rule's person boxes
 * and the scene come from one ONNX session of YOLOX-nano (counted where sessions are made), which
 * stays open while either runs and is closed when the agent stops.
 */
class SharedModelsIT {
    @Test
    void aBlurFacesSiteWithAnObjectSceneHoldsOneSessionOfTheObjectDetectorAndClosesItWhenTheAgentStops(@TempDir Path dir) {
        AgentConfig config = new YamlConfigLoader("GMEYE_").loadString("agent.yaml", """
                site: shared-site
                dataDir: %s
                hub: {url: "tcp://127.0.0.1:1", password: shared-secret}
                cameras:
                  cameras:
                    - {id: cam-lot, url: "rtsp://127.0.0.1:9/none"}
                inspection:
                  blurFaces: true
                  modelsDir: %s
                  scenes:
                    - {id: lot-parking, type: parking, camera: cam-lot}
                """.formatted(dir, Clips.modelsDir()), AgentConfig.class, Map.of());
        int before = OrtModel.openSessions("yolox-nano");
        int facesBefore = OrtModel.openSessions("blazeface-back");
        try (Agent agent = Agent.start(config)) {
            assertThat(agent.inspection().status().inactive()).as("the parking scene runs").isEmpty();
            assertThat(OrtModel.openSessions("yolox-nano") - before).as("sessions of yolox-nano: face rule and parking scene").isEqualTo(1);
            assertThat(OrtModel.openSessions("blazeface-back") - facesBefore).isEqualTo(1);
        }
        assertThat(OrtModel.openSessions("yolox-nano")).as("after the agent stopped").isEqualTo(before);
        assertThat(OrtModel.openSessions("blazeface-back")).isEqualTo(facesBefore);
    }
}
