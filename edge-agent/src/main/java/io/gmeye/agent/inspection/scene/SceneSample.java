package io.gmeye.agent.inspection.scene;

import io.gmeye.agent.inspection.track.Track;
import io.gmeye.models.image.BgrImage;
import java.util.List;

/** One analysed frame of a camera, as every scene of that camera sees it. */
public record SceneSample(BgrImage image, long time, List<Track> objects, List<Track> texts) {
}
