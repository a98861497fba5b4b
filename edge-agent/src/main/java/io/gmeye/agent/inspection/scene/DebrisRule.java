package io.gmeye.agent.inspection.scene;

import io.gmeye.agent.inspection.debris.BackgroundModel;
import io.gmeye.agent.inspection.zone.Zone;
import io.gmeye.models.detect.Boxes;
import io.gmeye.protocols.inspection.DetectedObject;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Piled debris: a persistent new static region in a zone, found by a background model (no
 * network needed). Where the camera also runs the detector, regions that are a person or a
 * vehicle standing still are left to the other scenes.
 */
final class DebrisRule implements SceneRule {
    private static final Set<String> NOT_DEBRIS = Set.of("person", "car", "truck", "bus", "motorcycle", "bicycle");

    private final SceneConfig c;
    private final BackgroundModel background;

    DebrisRule(SceneConfig config) {
        this.c = config;
        this.background = new BackgroundModel(config.changeThreshold(), (x, y) -> config.zones().stream().anyMatch(z -> z.contains(x, y)));
    }

    @Override
    public SceneConfig config() {
        return c;
    }

    @Override
    public Finding evaluate(SceneSample s) {
        List<DetectedObject> piles = new ArrayList<>();
        Set<String> zones = new LinkedHashSet<>();
        for (BackgroundModel.Region r : background.update(s.image(), s.time(), c.dwell().toMillis(), c.minArea())) {
            boolean someoneThere = s.objects().stream()
                    .anyMatch(t -> NOT_DEBRIS.contains(t.label()) && Boxes.coveredBy(r.box(), t.box()) > 0.5);
            if (someoneThere) {
                continue;
            }
            piles.add(new DetectedObject("debris", r.strength(), r.box(), 0, c.dwell().toMillis()));
            double fx = (r.box().x() + r.box().w() / 2) / s.image().width();
            double fy = (r.box().y() + r.box().h()) / s.image().height();
            for (Zone z : c.zones()) {
                if (z.contains(fx, Math.min(fy, 0.9999))) {
                    zones.add(z.name());
                }
            }
        }
        return new Finding(piles, zones);
    }
}
