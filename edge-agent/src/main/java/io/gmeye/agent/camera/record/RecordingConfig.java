package io.gmeye.agent.camera.record;

import io.gmeye.platform.config.ByteSize;
import io.gmeye.platform.config.Validated;
import io.gmeye.protocols.config.CameraSpec;
import java.time.Duration;
import java.util.List;

/**
 * Rolling recordings (the cameras section's {@code recordings}), opt-in: the cameras named, and
 * those with one of the tags, are recorded continuously in segments from their packet rings.
 *
 * @param cameras camera ids to record
 * @param tags    cameras with any of these tags are recorded
 * @param dir     where segments are kept; default {@code recordings} under the agent's data directory
 * @param segment how long a segment runs (it ends at the first keyframe after this)
 * @param maxAge  segments older than this are deleted
 * @param quota   the most disk recordings may take; the oldest segments (of any camera) go first
 */
public record RecordingConfig(List<String> cameras, List<String> tags, String dir, Duration segment, Duration maxAge, ByteSize quota)
        implements Validated {
    public RecordingConfig {
        cameras = cameras == null ? List.of() : List.copyOf(cameras);
        tags = tags == null ? List.of() : List.copyOf(tags);
        segment = segment == null ? Duration.ofMinutes(2) : segment;
        maxAge = maxAge == null ? Duration.ofDays(7) : maxAge;
        quota = quota == null ? new ByteSize(20L << 30) : quota;
    }

    public static RecordingConfig none() {
        return new RecordingConfig(null, null, null, null, null, null);
    }

    public boolean enabled() {
        return !cameras.isEmpty() || !tags.isEmpty();
    }

    /** Whether this camera is recorded: named, or carrying one of the tags. */
    public boolean records(CameraSpec c) {
        return cameras.contains(c.id()) || c.tags().stream().anyMatch(tags::contains);
    }

    @Override
    public void validate() {
        if (segment.compareTo(Duration.ofSeconds(1)) < 0 || segment.compareTo(Duration.ofMinutes(30)) > 0) {
            throw new IllegalArgumentException("segment: between 1 s and 30 min, got " + segment);
        }
        if (maxAge.isZero() || maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge: must be longer than zero, got " + maxAge);
        }
        if (quota.bytes() < (16L << 20)) {
            throw new IllegalArgumentException("quota: at least 16MiB, got " + quota.bytes() + " bytes");
        }
    }
}
