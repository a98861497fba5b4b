package io.gmeye.models.manifest;

import io.gmeye.platform.config.Validated;
import java.util.List;
import java.util.Map;

/**
 * Everything the agent needs to know to run one model file: where it is, which checksums are
 * accepted, how to turn a frame into its input and how to read its outputs. Manifests are YAML
 * (models/manifests/); the binaries are installed, never committed.
 *
 * @param sha256     accepted digests of {@code file} (an export may come from more than one place)
 * @param install    how a person installs the file, quoted in "not installed" messages
 * @param extraFiles files installed and verified with the model (name to sha256)
 */
public record ModelManifest(
        String name,
        String file,
        List<String> sha256,
        String install,
        Map<String, String> extraFiles,
        InputSpec input,
        DecoderSpec decoder,
        List<String> labels) implements Validated {

    public ModelManifest {
        sha256 = sha256 == null ? List.of() : List.copyOf(sha256);
        extraFiles = extraFiles == null ? Map.of() : Map.copyOf(extraFiles);
        labels = labels == null ? List.of() : List.copyOf(labels);
        install = install == null ? "copy " + file + " into the models folder" : install;
    }

    @Override
    public void validate() {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("name: is required");
        }
        if (file == null || file.isBlank() || file.contains("/")) {
            throw new IllegalArgumentException("file: a file name in the models folder is required");
        }
        if (sha256.isEmpty() || sha256.stream().anyMatch(s -> s == null || !s.matches("[0-9a-f]{64}"))) {
            throw new IllegalArgumentException("sha256: one or more lowercase hex sha256 digests are required");
        }
        if (input == null) {
            throw new IllegalArgumentException("input: is required");
        }
        if (decoder == null) {
            throw new IllegalArgumentException("decoder: is required");
        }
        if (labels.isEmpty()) {
            throw new IllegalArgumentException("labels: at least one label is required");
        }
    }

    public String label(int classId) {
        return classId >= 0 && classId < labels.size() ? labels.get(classId) : "class" + classId;
    }

    public int classId(String label) {
        return labels.indexOf(label);
    }
}
