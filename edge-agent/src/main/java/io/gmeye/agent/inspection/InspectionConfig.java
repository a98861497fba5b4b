package io.gmeye.agent.inspection;

import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.models.runtime.OrtSettings;
import io.gmeye.platform.config.Validated;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The agent's {@code inspection:} section.
 *
 * @param modelsDir      where scripts/install/models.sh put the models (and user manifests)
 * @param detector       object detector model (manifest name)
 * @param textDetector   text detector model for poster and banner scenes
 * @param faceDetector   face model used when {@code blurFaces} is on
 * @param blurFaces      a site rule, on even with {@code enabled: false}: every snapshot, live view frame and clip that
 *                       leaves the site has its passers-by's faces blurred, or does not leave (see {@code FaceRule})
 * @param sampleInterval how often each camera's newest frame is looked at (motion check)
 * @param patrolInterval the longest a camera goes without a full analysis, motion or not: static violations do not move
 * @param motionThreshold fraction of the picture that must change to count as motion
 * @param threads        ONNX Runtime intra-op threads per model
 * @param workers        threads running one model at once: 1 is the lowest latency per frame; 2 with
 *                       {@code threads: 1} the most frames per second on a 2-core box (many cameras)
 * @param perCameraQueue frames of one camera that may wait for a model
 * @param maxPending     requests that may wait for a model in all; more are refused and counted
 */
public record InspectionConfig(
        Boolean enabled,
        String modelsDir,
        String detector,
        String textDetector,
        String faceDetector,
        Boolean blurFaces,
        Duration sampleInterval,
        Duration patrolInterval,
        Double motionThreshold,
        Integer threads,
        Integer workers,
        Integer perCameraQueue,
        Integer maxPending,
        Double jpegQuality,
        List<SceneConfig> scenes) implements Validated {

    public InspectionConfig {
        enabled = enabled == null || enabled;
        modelsDir = modelsDir == null ? "models-installed" : modelsDir;
        detector = detector == null ? "yolox-nano" : detector;
        textDetector = textDetector == null ? "ppocr-det" : textDetector;
        faceDetector = faceDetector == null ? "blazeface-back" : faceDetector;
        blurFaces = blurFaces != null && blurFaces;
        sampleInterval = sampleInterval == null ? Duration.ofSeconds(1) : sampleInterval;
        patrolInterval = patrolInterval == null ? Duration.ofSeconds(10) : patrolInterval;
        motionThreshold = motionThreshold == null ? 0.005 : motionThreshold;
        threads = threads == null ? 2 : threads;
        workers = workers == null ? 1 : workers;
        perCameraQueue = perCameraQueue == null ? 1 : perCameraQueue;
        maxPending = maxPending == null ? 64 : maxPending;
        jpegQuality = jpegQuality == null ? 0.85 : jpegQuality;
        scenes = scenes == null ? List.of() : List.copyOf(scenes);
    }

    public static InspectionConfig defaults() {
        return new InspectionConfig(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null);
    }

    /** How every detector of the site runs, the face rule's person boxes included, so both share one session of it. */
    public OrtSettings ortSettings() {
        return new OrtSettings(threads, 1, false);
    }

    public InspectionConfig withScenes(List<SceneConfig> newScenes) {
        return new InspectionConfig(enabled, modelsDir, detector, textDetector, faceDetector, blurFaces, sampleInterval, patrolInterval,
                motionThreshold, threads, workers, perCameraQueue, maxPending, jpegQuality, newScenes);
    }

    @Override
    public void validate() {
        if (sampleInterval.toMillis() < 50 || patrolInterval.compareTo(sampleInterval) < 0) {
            throw new IllegalArgumentException("sampleInterval/patrolInterval: sampleInterval at least 50ms, patrolInterval not shorter");
        }
        if (threads < 1 || workers < 1 || perCameraQueue < 1 || maxPending < 1) {
            throw new IllegalArgumentException("threads/workers/perCameraQueue/maxPending: at least 1");
        }
        if (blurFaces && (faceDetector.isBlank() || modelsDir.isBlank())) {
            throw new IllegalArgumentException("faceDetector/modelsDir: a face model is needed where blurFaces is on");
        }
        if (jpegQuality <= 0 || jpegQuality > 1 || motionThreshold < 0 || motionThreshold > 1) {
            throw new IllegalArgumentException("jpegQuality/motionThreshold: within 0..1");
        }
        Set<String> ids = new HashSet<>();
        for (SceneConfig s : scenes) {
            if (s.id() != null && !ids.add(s.id())) {
                throw new IllegalArgumentException("scenes: scene id '" + s.id() + "' is used twice");
            }
        }
    }
}
