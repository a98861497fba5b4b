package io.gmeye.agent.inspection;

import java.util.List;

/** What inspection is doing, for health reports: each scene active or not, and why not. */
public record InspectionStatus(List<SceneState> scenes) {
    public record SceneState(String scene, String type, String camera, boolean active, String reason) {
    }

    public InspectionStatus {
        scenes = List.copyOf(scenes);
    }

    public List<SceneState> inactive() {
        return scenes.stream().filter(s -> !s.active()).toList();
    }
}
