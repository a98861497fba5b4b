package io.gmeye.agent.camera.record;

import io.gmeye.agent.camera.clip.ClipStore;
import io.gmeye.agent.camera.ingest.SegmentExport;
import io.gmeye.protocols.clip.ClipRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.List;

/**
 * A range of a recording as one MP4, kept with the event clips so the hub fetches it as it fetches
 * a clip: room is taken in the clips' quota first (the segments' size), then the segments are
 * remuxed into the clip's part file and it is renamed into place. Blocking (FFmpeg, disk).
 */
public final class RecordingExport {
    private static final long INDEX_BASE = 64 << 10;

    private RecordingExport() {
    }

    public static ClipRef export(SegmentStore recordings, ClipStore clips, String camera, long from, long to, String id) {
        if (to <= from) {
            throw new IllegalArgumentException("to: must be after from");
        }
        List<SegmentExport.Segment> segments = recordings.segments(camera, from, to);
        if (segments.isEmpty()) {
            throw new IllegalArgumentException("nothing of camera " + camera + " is recorded between " + from + " and " + to);
        }
        long estimate = INDEX_BASE;
        try {
            for (SegmentExport.Segment s : segments) {
                estimate += Files.size(s.file());
            }
            if (!clips.grow(id, estimate)) {
                clips.fail(id, "over_quota");
                throw new IllegalStateException("the export (" + estimate + " bytes) is larger than the clips' quota");
            }
            SegmentExport.Result r = SegmentExport.export(segments, from, to, clips.partFor(id));
            if (r.packets() == 0) {
                clips.fail(id, "no_video");
                throw new IllegalArgumentException("nothing of camera " + camera + " is recorded between " + from + " and " + to);
            }
            clips.commit(id);
            return new ClipRef(id, camera, r.from(), r.to());
        } catch (IOException e) {
            clips.fail(id, "write");
            throw new UncheckedIOException("export of " + camera + ": " + e.getMessage(), e);
        }
    }
}
