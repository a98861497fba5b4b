package io.gmeye.agent.inspection.scene;

import java.time.Duration;
import java.util.List;

/** Defaults of each scene type: what a district's 六乱一超 rules usually mean, overridable field by field. */
public final class ScenePresets {
    private static final List<String> GOODS = List.of("umbrella", "suitcase", "handbag", "backpack", "bicycle", "motorcycle",
            "bottle", "cup", "bowl", "banana", "apple", "orange", "broccoli", "carrot", "cake", "donut", "sandwich",
            "chair", "dining table", "potted plant");
    private static final List<String> FURNITURE = List.of("chair", "dining table", "bench", "couch", "potted plant", "umbrella",
            "suitcase", "refrigerator", "bottle", "bowl", "tv");

    private ScenePresets() {
    }

    public static SceneConfig of(SceneType type) {
        return switch (type) {
            case VENDING -> preset(List.of("person"), GOODS, 1, 0.35, 0.0005, 0, Duration.ofMinutes(5), "street-vending");
            case PARKING -> preset(List.of("car", "motorcycle", "bicycle", "truck"), List.of(), 0, 0.3, 0.0005, 0,
                    Duration.ofMinutes(5), "parking-disorder");
            case DEBRIS -> preset(List.of(), List.of(), 0, 0.0, 0.002, 0, Duration.ofMinutes(30), "piled-debris");
            case POSTER -> preset(List.of("text"), List.of(), 0, 0.6, 0.0003, 0, Duration.ofMinutes(2), "posters-flyers");
            case BANNER -> preset(List.of("text"), List.of(), 0, 0.6, 0.0005, 3.0, Duration.ofMinutes(2), "hung-banner");
            case OUT_OF_STORE -> preset(FURNITURE, List.of(), 0, 0.35, 0.0003, 0, Duration.ofMinutes(10), "out-of-store");
        };
    }

    private static SceneConfig preset(List<String> classes, List<String> companions, int minCompanions, double minScore,
                                      double minArea, double minAspect, Duration dwell, String tag) {
        return new SceneConfig(null, null, null, null, null, classes, companions, minCompanions, minScore, minArea, minAspect,
                dwell, 3, 0.5, Duration.ofMinutes(30), Duration.ofMinutes(2), Schedule.ALWAYS, List.of(tag, "六乱一超"), 35);
    }
}
