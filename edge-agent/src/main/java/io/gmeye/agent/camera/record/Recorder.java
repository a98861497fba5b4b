package io.gmeye.agent.camera.record;

import io.gmeye.agent.camera.ingest.CameraSupervisor;
import io.gmeye.agent.camera.ingest.VideoCopy;
import io.gmeye.agent.camera.keep.CopyThread;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.config.CameraSpec;
import java.io.IOException;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records the opted-in cameras continuously: segments of about {@code segment} copied from each
 * camera's packet ring (the packets the grabber keeps anyway: no decoding, no second buffer), each
 * starting on the keyframe the previous one stopped before, so consecutive segments join without
 * a lost frame. A camera that breaks off ends its segment there; the next starts at its next
 * keyframe, and the time between is a gap in the listing. One thread for every recorded camera.
 */
public final class Recorder implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Recorder.class);
    static final long PULL_EVERY_MS = 500;

    private final RecordingConfig config;
    private final SegmentStore store;
    private final CameraSupervisor cameras;
    private final Clock clock;
    private final Metrics metrics;
    private final CopyThread thread;
    private final Map<String, Track> tracks = new HashMap<>();

    /** One recorded camera: the segment being written, and where the next one starts. */
    private static final class Track {
        VideoCopy copy;
        long partStart;
        long nextFrom;
    }

    public Recorder(RecordingConfig config, SegmentStore store, CameraSupervisor cameras, Clock clock, Metrics metrics) {
        this.config = config;
        this.store = store;
        this.cameras = cameras;
        this.clock = clock;
        this.metrics = metrics;
        this.thread = new CopyThread("recordings", store.folder());
    }

    public SegmentStore store() {
        return store;
    }

    public void start() {
        thread.every(this::tick, PULL_EVERY_MS);
    }

    /** The site's cameras changed: those opted in are recorded, the others stop (their segment is finished). */
    public void cameras(List<CameraSpec> specs) {
        Set<String> wanted = specs.stream().filter(config::records).map(CameraSpec::id).collect(Collectors.toSet());
        thread.execute(() -> {
            for (var it = tracks.entrySet().iterator(); it.hasNext(); ) {
                var e = it.next();
                if (!wanted.contains(e.getKey())) {
                    end(e.getKey(), e.getValue());
                    it.remove();
                }
            }
            wanted.forEach(c -> tracks.computeIfAbsent(c, k -> new Track()));
        });
    }

    private void tick() {
        for (var e : tracks.entrySet()) {
            try {
                step(e.getKey(), e.getValue());
            } catch (IOException | RuntimeException ex) {
                LOG.warn("recording of {}: {}", e.getKey(), ex.getMessage());
                drop(e.getKey(), e.getValue(), "write");
            }
        }
    }

    private void step(String camera, Track t) throws IOException {
        if (t.copy == null) {
            long from = t.nextFrom > 0 ? t.nextFrom : clock.millis();
            t.partStart = from;
            t.copy = cameras.copy(camera, from, from, store.partFor(camera, from)).orElse(null);
            if (t.copy == null) {
                t.nextFrom = 0; // nothing kept (offline, or the keyframe went): the newest keyframe next time
                return;
            }
        }
        // room in the quota before the pull writes (the segment's start, at most a pull's worth, is covered by the room
        // taken ahead), so the folder never holds more than its quota on disk, parts included
        if (!store.grow(camera, t.partStart, t.copy.roomAhead())) {
            // the segments being written alone would pass the quota: this one goes, counted (the heartbeat's failed), and
            // the camera starts again at its next keyframe
            drop(camera, t, "over_quota");
            return;
        }
        VideoCopy.Step s = t.copy.pullToKeyframeAfter(t.copy.startAt() + config.segment().toMillis());
        if (s == VideoCopy.Step.MORE) {
            return;
        }
        t.nextFrom = s == VideoCopy.Step.DONE ? t.copy.nextKeyAt() : 0;
        end(camera, t);
        if (s == VideoCopy.Step.DONE) {
            step(camera, t); // the next segment starts with the keyframe this one stopped before
        }
    }

    /** Finishes the segment under way, if any, and puts it in place. */
    private void end(String camera, Track t) {
        VideoCopy c = t.copy;
        t.copy = null;
        if (c == null) {
            return;
        }
        if (thread.finish(c, "segment of " + camera, f -> store.commit(camera, t.partStart, f.startAt(), f.endAt()))) {
            metrics.count("recordings.segments", "camera", camera);
        } else {
            store.discard(camera, t.partStart, "write");
        }
    }

    private void drop(String camera, Track t, String cause) {
        if (t.copy != null) {
            t.copy.close();
            t.copy = null;
            store.discard(camera, t.partStart, cause);
        }
        t.nextFrom = 0;
    }

    /** Finishes every segment under way (a clean stop leaves no part behind). */
    @Override
    public void close() {
        try {
            thread.submit(() -> tracks.forEach(this::end)).get(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("recordings: segments not finished at close: {}", e.toString());
        }
        thread.close();
    }
}
