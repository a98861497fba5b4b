package io.gmeye.agent.inspection;

import io.gmeye.agent.camera.CameraFrame;
import io.gmeye.agent.camera.FrameSource;
import io.gmeye.models.image.BgrImage;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test collaborator standing in for camera ingestion: plays decoded clip frames as if live, one
 * every {@code stepMs} of wall time from {@link #start()}, then holds the last one; the newest
 * frame is what {@link #latest} returns, as the real latest-frame slot does.
 */
public final class ClipFrameSource implements FrameSource {
    private final Map<String, List<BgrImage>> clips = new ConcurrentHashMap<>();
    private final long stepMs;
    private volatile long startedAt;
    private final boolean loop;

    public ClipFrameSource(long stepMs, boolean loop) {
        this.stepMs = stepMs;
        this.loop = loop;
    }

    public ClipFrameSource add(String camera, List<BgrImage> frames) {
        clips.put(camera, frames);
        return this;
    }

    public ClipFrameSource start() {
        startedAt = System.currentTimeMillis();
        return this;
    }

    @Override
    public Optional<CameraFrame> latest(String camera) {
        List<BgrImage> frames = clips.get(camera);
        if (frames == null || startedAt == 0) {
            return Optional.empty();
        }
        long now = System.currentTimeMillis();
        long n = (now - startedAt) / stepMs;
        int i = (int) (loop ? n % frames.size() : Math.min(n, frames.size() - 1));
        return Optional.of(new CameraFrame(camera, startedAt + n * stepMs, n, frames.get(i)));
    }
}
