package io.gmeye.agent.inspection;

import io.gmeye.agent.inspection.event.EventChange;
import io.gmeye.agent.inspection.event.EventLifecycle;
import io.gmeye.agent.inspection.scene.Finding;
import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.agent.inspection.scene.SceneRule;
import io.gmeye.agent.inspection.scene.SceneSample;
import io.gmeye.agent.inspection.scene.SceneType;
import io.gmeye.agent.inspection.track.IouTracker;
import io.gmeye.agent.inspection.track.Track;
import io.gmeye.models.detect.Detection;
import io.gmeye.models.image.BgrImage;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.inspection.Box;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Everything one camera's scenes decide, sample by sample: detections become tracks, each scene
 * judges the tracks (or its background model), and each scene's event lifecycle turns findings
 * into new / update / end. Not thread-safe: one camera's samples are analysed one at a time.
 */
public final class CameraInspector {
    private static final double MIN_IOU = 0.3;
    private static final Set<String> DEBRIS_EXCLUDES = Set.of("person", "car", "truck", "bus", "motorcycle", "bicycle");

    private final String camera;
    private final List<SceneRule> rules = new ArrayList<>();
    private final List<EventLifecycle> lifecycles = new ArrayList<>();
    private final IouTracker objects;
    private final IouTracker texts;
    private final Set<String> objectLabels = new HashSet<>();

    /** @param trackMaxAgeMs how long a track survives unseen: a few patrol intervals, so a missed detection does not reset dwell */
    public CameraInspector(String camera, List<SceneConfig> scenes, long trackMaxAgeMs, Metrics metrics) {
        this.camera = camera;
        double stationaryIou = scenes.stream().mapToDouble(SceneConfig::stationaryIou).min().orElse(0.5);
        this.objects = new IouTracker(MIN_IOU, stationaryIou, trackMaxAgeMs);
        this.texts = new IouTracker(MIN_IOU, stationaryIou, trackMaxAgeMs);
        for (SceneConfig s : scenes) {
            rules.add(SceneRule.of(s));
            lifecycles.add(new EventLifecycle(s, metrics));
            if (s.type().needs() == SceneType.Needs.OBJECTS) {
                objectLabels.addAll(s.classes());
                objectLabels.addAll(s.companions());
            } else if (s.type() == SceneType.DEBRIS) {
                objectLabels.addAll(DEBRIS_EXCLUDES);
            }
        }
    }

    public String camera() {
        return camera;
    }

    /** Whether any scene here needs the object detector or the text detector. */
    public boolean needs(SceneType.Needs needs) {
        return rules.stream().anyMatch(r -> r.config().type().needs() == needs);
    }

    /**
     * Analyses one sample. {@code objectDetections} / {@code textDetections} are what the models
     * found (empty lists where the camera's scenes need no model).
     */
    public List<EventChange> analyse(BgrImage image, long time, List<Detection> objectDetections, List<Detection> textDetections) {
        List<Detection> relevant = objectDetections.stream().filter(d -> objectLabels.contains(d.label())).toList();
        List<Track> objectTracks = objects.update(relevant, time);
        List<Track> textTracks = texts.update(textDetections, time);
        SceneSample sample = new SceneSample(image, time, objectTracks, textTracks);
        List<Box> people = objectTracks.stream().filter(t -> t.label().equals("person") && t.lastSeen() == time).map(Track::box).toList();
        List<EventChange> changes = new ArrayList<>();
        for (int i = 0; i < rules.size(); i++) {
            SceneRule rule = rules.get(i);
            // out of schedule a scene sees nothing, so an open event ends
            Finding f = rule.config().schedule().activeAt(time) ? rule.evaluate(sample) : Finding.NONE;
            Optional<EventChange> change = lifecycles.get(i).step(f, time, image, people);
            change.ifPresent(changes::add);
        }
        return changes;
    }
}
