package io.gmeye.agent.camera.clip;

import io.gmeye.agent.camera.ingest.CameraSupervisor;
import io.gmeye.agent.camera.ingest.VideoCopy;
import io.gmeye.agent.camera.keep.CopyThread;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.clip.ClipRef;
import java.io.IOException;
import java.time.Clock;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes event clips: the pre-roll is copied from the camera's packet ring when the event is
 * raised, the post-roll is pulled from it as it arrives, and the finished MP4 is renamed into
 * place in the {@link ClipStore}. All of it on one thread of its own, never on a camera's grabbing
 * thread or an event loop; nothing is decoded. A clip whose camera breaks off ends with the
 * continuous video it has; one whose camera has no video kept is counted as failed.
 */
public final class EventClips implements ClipRequests, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(EventClips.class);
    static final long PULL_EVERY_MS = 500;
    /** A camera that sends nothing this long after the clip's end has its clip finished with what came. */
    static final long LATE_MS = 5_000;

    private final ClipConfig config;
    private final ClipStore store;
    private final CameraSupervisor cameras;
    private final Clock clock;
    private final Metrics metrics;
    private final CopyThread thread;

    public EventClips(ClipConfig config, ClipStore store, CameraSupervisor cameras, Clock clock, Metrics metrics) {
        this.config = config;
        this.store = store;
        this.cameras = cameras;
        this.clock = clock;
        this.metrics = metrics;
        this.thread = new CopyThread("event-clips", store.folder());
    }

    public ClipStore store() {
        return store;
    }

    @Override
    public Optional<ClipRef> ref(String id, String camera, String owner, long at) {
        if (!config.enabled() || camera == null || !cameras.knows(camera)) {
            return Optional.empty();
        }
        return Optional.of(new ClipRef(id, camera, at - config.preRollOf(owner).toMillis(), at + config.postRollOf(owner).toMillis()));
    }

    @Override
    public Optional<ClipRef> request(String id, String camera, String owner, long at) {
        if (config.enabled() && camera != null && !cameras.knows(camera)) {
            store.fail(id, "unknown_camera"); // a checkpoint's camera that is not (or no longer) configured: counted, not silent
            return Optional.empty();
        }
        Optional<ClipRef> ref = ref(id, camera, owner, at);
        ref.ifPresent(r -> thread.execute(() -> begin(r)));
        return ref;
    }

    @Override
    public Optional<ClipRef> requestAtCheckpoint(String id, String checkpoint, long at) {
        ClipConfig.Roll r = config.checkpoints().get(checkpoint);
        return r == null ? Optional.empty() : request(id, r.camera(), checkpoint, at);
    }

    private void begin(ClipRef r) {
        if (store.find(r.id()).isPresent() || store.writing(r.id())) {
            return; // asked twice: one clip
        }
        VideoCopy copy;
        try {
            copy = cameras.copy(r.camera(), r.from(), r.to(), store.partFor(r.id())).orElse(null);
        } catch (IOException | RuntimeException e) {
            LOG.warn("clip {} of camera {}: {}", r.id(), r.camera(), e.getMessage());
            store.fail(r.id(), "write");
            return;
        }
        if (copy == null) {
            store.fail(r.id(), "no_video");
            return;
        }
        if (!room(r, copy)) {
            return;
        }
        // the copy starts at the keyframe nearest the pre-roll's start; one that came earlier ends the clip as
        // much earlier, so it lasts pre + post (within a frame) rather than up to half a keyframe interval more
        long end = r.to() - Math.max(0, r.from() - copy.startAt());
        pull(r, copy, end);
    }

    /** One step: what arrived since the last, then again in a moment, until the end is in. */
    private void pull(ClipRef r, VideoCopy copy, long end) {
        try {
            VideoCopy.Step step = copy.pull(end);
            if (!room(r, copy)) {
                return;
            }
            boolean late = clock.millis() > r.to() + LATE_MS;
            if (step == VideoCopy.Step.MORE && !late) {
                thread.schedule(() -> pull(r, copy, end), PULL_EVERY_MS);
                return;
            }
            if (step != VideoCopy.Step.DONE) {
                metrics.count("clips.short", "cause", step == VideoCopy.Step.CUT ? "stream_broke" : "camera_late");
            }
            if (!thread.finish(copy, "clip " + r.id() + " of camera " + r.camera(), c -> store.commit(r.id()))) {
                store.fail(r.id(), "write");
                return;
            }
            metrics.time("clips.ready", (clock.millis() - r.to()) * 1_000_000, "outcome", step.name().toLowerCase(java.util.Locale.ROOT));
        } catch (IOException | RuntimeException e) {
            LOG.warn("clip {} of camera {}: {}", r.id(), r.camera(), e.getMessage());
            copy.close();
            store.fail(r.id(), "write");
        }
    }

    /** Takes room in the quota for what is written so far; a clip that cannot fit is dropped and counted. */
    private boolean room(ClipRef r, VideoCopy copy) {
        if (store.grow(r.id(), copy.roomAhead())) {
            return true;
        }
        copy.close();
        store.fail(r.id(), "over_quota");
        return false;
    }

    @Override
    public void close() {
        thread.close();
    }
}
