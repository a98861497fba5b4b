package io.gmeye.agent.inspection.scene;

import io.gmeye.agent.inspection.zone.Line;
import io.gmeye.agent.inspection.zone.Zone;
import io.gmeye.platform.config.Validated;
import java.time.Duration;
import java.util.List;

/**
 * One scene: a camera, where to look, what counts, for how long. A scene is data: anything left
 * out takes its type's preset ({@link ScenePresets}), so a vending scene can be as short as
 * {@code {id: gate-vending, type: vending, camera: cam-12, zones: [...]}}.
 *
 * @param zones         polygons in normalised coordinates; objects are judged by their box's bottom centre
 * @param line          storefront line (out_of_store) or banner height (banner); optional elsewhere
 * @param classes       labels that count (COCO names; "text" for text scenes)
 * @param companions    vending: what a vendor has with them (goods, umbrellas, carts)
 * @param minCompanions vending: how many companions near a stationary person make it vending
 * @param minScore      lowest detector score an object needs
 * @param minArea       smallest box, as a fraction of the frame area
 * @param minAspect     banner: width / height a text region needs
 * @param dwell         how long an object must stay put in the zone
 * @param inertia       samples in a row that take an object into or out of a zone
 * @param stationaryIou overlap with where it settled that still counts as not moving
 * @param cooldown      after an event ends, how long a new one for this scene is held back
 * @param endAfter      how long the violation must be gone before the event ends
 * @param changeThreshold debris: grey-level difference from the background that counts as change
 */
public record SceneConfig(
        String id,
        SceneType type,
        String camera,
        List<Zone> zones,
        Line line,
        List<String> classes,
        List<String> companions,
        Integer minCompanions,
        Double minScore,
        Double minArea,
        Double minAspect,
        Duration dwell,
        Integer inertia,
        Double stationaryIou,
        Duration cooldown,
        Duration endAfter,
        Schedule schedule,
        List<String> tags,
        Integer changeThreshold) implements Validated {

    /** The cameras these scenes watch. */
    public static java.util.Set<String> camerasOf(List<SceneConfig> scenes) {
        return scenes.stream().map(SceneConfig::camera).filter(java.util.Objects::nonNull).collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    public SceneConfig {
        if (type != null) {
            SceneConfig p = ScenePresets.of(type);
            zones = zones == null || zones.isEmpty() ? List.of(Zone.whole("frame")) : List.copyOf(zones);
            classes = classes == null ? p.classes() : List.copyOf(classes);
            companions = companions == null ? p.companions() : List.copyOf(companions);
            minCompanions = minCompanions == null ? p.minCompanions() : minCompanions;
            minScore = minScore == null ? p.minScore() : minScore;
            minArea = minArea == null ? p.minArea() : minArea;
            minAspect = minAspect == null ? p.minAspect() : minAspect;
            dwell = dwell == null ? p.dwell() : dwell;
            inertia = inertia == null ? p.inertia() : inertia;
            stationaryIou = stationaryIou == null ? p.stationaryIou() : stationaryIou;
            cooldown = cooldown == null ? p.cooldown() : cooldown;
            endAfter = endAfter == null ? p.endAfter() : endAfter;
            schedule = schedule == null ? Schedule.ALWAYS : schedule;
            tags = tags == null ? p.tags() : List.copyOf(tags);
            changeThreshold = changeThreshold == null ? p.changeThreshold() : changeThreshold;
        }
    }

    @Override
    public void validate() {
        if (id == null || id.isBlank()) {
            throw new IllegalArgumentException("id: is required");
        }
        if (type == null) {
            throw new IllegalArgumentException("type: one of vending, parking, debris, poster, banner, out_of_store is required");
        }
        if (camera == null || camera.isBlank()) {
            throw new IllegalArgumentException("camera: the camera id is required");
        }
        if ((type == SceneType.OUT_OF_STORE || type == SceneType.BANNER) && line == null) {
            throw new IllegalArgumentException("line: a " + type.wire() + " scene needs a line (x1, y1, x2, y2, beyond)");
        }
        if (classes.isEmpty() && type != SceneType.DEBRIS) {
            throw new IllegalArgumentException("classes: at least one label");
        }
        if (minScore < 0 || minScore > 1 || minArea < 0 || minArea > 1 || stationaryIou <= 0 || stationaryIou > 1) {
            throw new IllegalArgumentException("minScore/minArea/stationaryIou: must be within 0..1");
        }
        if (dwell.isNegative() || cooldown.isNegative() || endAfter.isNegative() || inertia < 1) {
            throw new IllegalArgumentException("dwell/cooldown/endAfter: must not be negative; inertia: at least 1");
        }
    }
}
