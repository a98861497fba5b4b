package io.gmeye.agent.camera.clip;

import io.gmeye.platform.config.ByteSize;
import io.gmeye.platform.config.Validated;
import java.time.Duration;

/**
 * Event clips (the cameras section's {@code clips}): for every inspection event on a camera, an
 * MP4 of the video before and after it, copied from the camera's packet ring, kept at the agent
 * until the hub asks for it.
 *
 * @param enabled  make clips (default true); false keeps only the newest group of pictures per camera
 * @param dir      where clips are kept; default {@code clips} under the agent's data directory
 * @param quota    the most disk clips may take; the oldest go first (counted in the agent's health)
 * @param maxAge   clips older than this are deleted
 * @param preRoll  video before the event's moment (each camera keeps this much, compressed, in memory)
 * @param postRoll video after the event's moment
 */
public record ClipConfig(Boolean enabled, String dir, ByteSize quota, Duration maxAge, Duration preRoll, Duration postRoll)
        implements Validated {
    /** Kept beyond the pre-roll, so the keyframe nearest the pre-roll's start is still there. */
    private static final long KEEP_SLACK_MS = 2_000;

    public ClipConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        quota = quota == null ? new ByteSize(2L << 30) : quota;
        maxAge = maxAge == null ? Duration.ofDays(7) : maxAge;
        preRoll = preRoll == null ? Duration.ofSeconds(10) : preRoll;
        postRoll = postRoll == null ? Duration.ofSeconds(20) : postRoll;
    }

    public static ClipConfig defaults() {
        return new ClipConfig(null, null, null, null, null, null);
    }

    public static ClipConfig off() {
        return new ClipConfig(false, null, null, null, null, null);
    }

    /** How much video each camera's packet ring keeps (0: the newest group of pictures only). */
    public long keepMillis() {
        return enabled ? preRoll.toMillis() + KEEP_SLACK_MS : 0;
    }

    @Override
    public void validate() {
        if (preRoll.isNegative() || preRoll.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException("preRoll: between 0 and 60 s, got " + preRoll);
        }
        if (postRoll.isZero() || postRoll.isNegative() || postRoll.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException("postRoll: above 0 and at most 5 min, got " + postRoll);
        }
        if (maxAge.isZero() || maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge: must be longer than zero, got " + maxAge);
        }
        if (quota.bytes() < (1L << 20)) {
            throw new IllegalArgumentException("quota: at least 1MiB, got " + quota.bytes() + " bytes");
        }
    }
}
