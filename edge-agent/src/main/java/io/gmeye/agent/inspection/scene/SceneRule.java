package io.gmeye.agent.inspection.scene;

/** Decides, sample by sample, whether a scene's violation is present. Rules keep state (zone inertia, background); one instance per scene. */
public interface SceneRule {
    SceneConfig config();

    Finding evaluate(SceneSample sample);

    static SceneRule of(SceneConfig c) {
        return c.type() == SceneType.DEBRIS ? new DebrisRule(c) : new TrackRule(c);
    }
}
