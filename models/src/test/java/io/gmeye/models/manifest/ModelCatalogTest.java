package io.gmeye.models.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.models.manifest.DecoderSpec.DecoderKind;
import io.gmeye.platform.config.ConfigException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ModelCatalogTest {
    @TempDir
    Path dir;

    @Test
    void builtInManifestsDescribeTheirModels() {
        ModelCatalog c = ModelCatalog.builtIn();
        ModelManifest yolox = c.get("yolox-nano");
        assertThat(yolox.labels()).hasSize(80).startsWith("person", "bicycle", "car", "motorcycle");
        assertThat(yolox.input().fill()).isEqualTo(114);
        assertThat(yolox.sha256()).contains("695e750a5d5754bb5a8d5325643b59282191a7e7a564e435a415fd3c578eab14");
        assertThat(c.get("ppocr-det").decoder().kind()).isEqualTo(DecoderKind.DB_TEXT);
        assertThat(c.get("blazeface-back").input().width()).isEqualTo(256);
    }

    @Test
    void aUserManifestAddsAModelTheyBring() throws IOException {
        Files.writeString(dir.resolve("my-yolov8.yaml"), """
                name: my-yolov8
                file: yolov8n.onnx
                sha256: ["0000000000000000000000000000000000000000000000000000000000000000"]
                input: {name: images, width: 640, height: 640, colour: RGB, scale: 0.00392156862745098, fill: 114}
                decoder: {kind: YOLOV8, output: output0}
                labels: [person, car]
                """);
        ModelManifest m = ModelCatalog.load(dir).get("my-yolov8");
        assertThat(m.decoder().kind()).isEqualTo(DecoderKind.YOLOV8);
        assertThat(m.input().layout()).isEqualTo(InputSpec.Layout.NCHW);
    }

    @Test
    void aBadManifestNamesTheFileAndField() throws IOException {
        Files.writeString(dir.resolve("bad.yaml"), """
                name: bad
                file: bad.onnx
                sha256: [abc]
                input: {name: images, width: 640, height: 640}
                decoder: {kind: YOLOV8, output: output0}
                labels: [person]
                """);
        assertThatThrownBy(() -> ModelCatalog.load(dir)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("bad.yaml: sha256:");
    }
}
