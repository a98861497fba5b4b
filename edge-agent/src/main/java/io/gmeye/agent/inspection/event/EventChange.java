package io.gmeye.agent.inspection.event;

import io.gmeye.agent.inspection.scene.Finding;
import io.gmeye.agent.inspection.scene.SceneConfig;
import io.gmeye.models.image.BgrImage;
import io.gmeye.protocols.inspection.Box;
import io.gmeye.protocols.inspection.EventPhase;
import java.util.List;

/**
 * A step in a violation's life that must reach the hub: new, update (better snapshot or zone
 * change) or end. {@code image} is the frame to snapshot, null when the step carries none (end);
 * {@code people} are the person boxes in it, whose faces a site may want blurred.
 */
public record EventChange(
        SceneConfig scene,
        EventPhase phase,
        String eventId,
        long startedAt,
        long updatedAt,
        Long endedAt,
        Finding finding,
        int frameWidth,
        int frameHeight,
        BgrImage image,
        List<Box> people) {

    public boolean hasSnapshot() {
        return image != null;
    }
}
