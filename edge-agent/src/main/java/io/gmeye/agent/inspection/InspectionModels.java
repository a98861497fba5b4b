package io.gmeye.agent.inspection;

import io.gmeye.agent.inspection.scene.SceneType.Needs;
import io.gmeye.agent.inspection.snapshot.FaceBlur;
import io.gmeye.agent.privacy.FaceRule;
import io.gmeye.models.detect.Detection;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.manifest.ModelCatalog;
import io.gmeye.models.runtime.Detector;
import io.gmeye.models.runtime.InferenceQueue;
import io.gmeye.models.runtime.ModelFiles;
import io.gmeye.models.runtime.SharedDetectors;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.error.GmeyeException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The models the configured scenes need, each loaded once and shared by every camera through
 * its own bounded inference queue. A model that cannot load is remembered with its reason, so
 * the scenes that need it are reported inactive while the rest run. The detectors come from the
 * agent's {@link SharedDetectors}: the object detector the face rule already holds is not loaded
 * again, and closing lets go of them, closing only what no one else runs.
 */
final class InspectionModels implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(InspectionModels.class);

    private final Map<Needs, InferenceQueue<BgrImage, List<Detection>>> queues = new EnumMap<>(Needs.class);
    private final Map<Needs, String> missing = new EnumMap<>(Needs.class);
    private final List<SharedDetectors.Lease> leases = new ArrayList<>();
    private final FaceRule faces;

    private InspectionModels(FaceRule faces) {
        this.faces = faces;
    }

    /**
     * Blocking (loads ONNX sessions): call from a worker thread. {@code faces}: the site's rule, shared with the cameras;
     * {@code detectors}: the agent's.
     */
    static InspectionModels load(InspectionConfig c, Set<Needs> needed, FaceRule faces, SharedDetectors detectors, Metrics metrics) {
        InspectionModels m = new InspectionModels(faces);
        Path dir = Path.of(c.modelsDir());
        ModelCatalog catalog = ModelCatalog.load(dir);
        ModelFiles files = new ModelFiles(dir);
        try {
            for (Needs need : needed) {
                String name = need == Needs.OBJECTS ? c.detector() : need == Needs.TEXT ? c.textDetector() : null;
                if (name == null) {
                    continue;
                }
                try {
                    SharedDetectors.Lease lease = detectors.acquire(catalog.get(name), files, c.ortSettings());
                    m.leases.add(lease);
                    Detector d = lease.detector();
                    m.queues.put(need, new InferenceQueue<>(name, c.workers(), c.perCameraQueue(), c.maxPending(), d::detect, metrics));
                } catch (GmeyeException e) {
                    LOG.warn("{}; scenes that need it stay inactive", e.reason());
                    m.missing.put(need, e.reason());
                }
            }
        } catch (RuntimeException e) {
            m.close(); // what it holds already goes back: a failed start leaves no session behind
            throw e;
        }
        return m;
    }

    InferenceQueue<BgrImage, List<Detection>> queue(Needs need) {
        return queues.get(need);
    }

    /** Why scenes with this need cannot run, or null when they can. */
    String unavailable(Needs need) {
        String faceMissing = faces.unavailable();
        if (faceMissing != null) {
            return faceMissing;
        }
        return missing.get(need);
    }

    /** Null when the site does not ask for faces to be blurred. */
    FaceBlur faceBlur() {
        return faces.faceBlur();
    }

    @Override
    public void close() {
        queues.values().forEach(InferenceQueue::close); // joins the workers: no run is under way when the leases go
        leases.forEach(SharedDetectors.Lease::close);
    }
}
