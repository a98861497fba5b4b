package io.gmeye.agent.camera.clip;

import io.gmeye.platform.config.ByteSize;
import io.gmeye.platform.config.Validated;
import java.time.Duration;
import java.util.Map;

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
 * @param scenes      per inspection scene id: its own pre- and post-roll
 * @param checkpoints per checkpoint id: the camera that watches its gate (alerts there get clips) and its own rolls
 */
public record ClipConfig(Boolean enabled, String dir, ByteSize quota, Duration maxAge, Duration preRoll, Duration postRoll,
                         Map<String, Roll> scenes, Map<String, Roll> checkpoints) implements Validated {
    /**
     * A scene's or checkpoint's own clip length; an absent roll is the default one.
     *
     * @param camera the checkpoint's camera (not used for scenes: a scene has its camera)
     */
    public record Roll(String camera, Duration preRoll, Duration postRoll) {
    }
    /** Kept beyond the pre-roll, so the keyframe nearest the pre-roll's start is still there. */
    private static final long KEEP_SLACK_MS = 2_000;

    public ClipConfig {
        enabled = enabled == null ? Boolean.TRUE : enabled;
        quota = quota == null ? new ByteSize(2L << 30) : quota;
        maxAge = maxAge == null ? Duration.ofDays(7) : maxAge;
        preRoll = preRoll == null ? Duration.ofSeconds(10) : preRoll;
        postRoll = postRoll == null ? Duration.ofSeconds(20) : postRoll;
        scenes = scenes == null ? Map.of() : Map.copyOf(scenes);
        checkpoints = checkpoints == null ? Map.of() : Map.copyOf(checkpoints);
    }

    /** The same rolls everywhere, no checkpoint cameras. */
    public ClipConfig(Boolean enabled, String dir, ByteSize quota, Duration maxAge, Duration preRoll, Duration postRoll) {
        this(enabled, dir, quota, maxAge, preRoll, postRoll, null, null);
    }

    public static ClipConfig defaults() {
        return new ClipConfig(null, null, null, null, null, null);
    }

    public static ClipConfig off() {
        return new ClipConfig(false, null, null, null, null, null);
    }

    /** Pre-roll of a scene's or checkpoint's clips ({@code owner} null or unknown: the default). */
    public Duration preRollOf(String owner) {
        Roll r = roll(owner);
        return r == null || r.preRoll() == null ? preRoll : r.preRoll();
    }

    /** Post-roll of a scene's or checkpoint's clips ({@code owner} null or unknown: the default). */
    public Duration postRollOf(String owner) {
        Roll r = roll(owner);
        return r == null || r.postRoll() == null ? postRoll : r.postRoll();
    }

    private Roll roll(String owner) {
        if (owner == null) {
            return null;
        }
        Roll r = scenes.get(owner);
        return r != null ? r : checkpoints.get(owner);
    }

    /** How much video each camera's packet ring keeps (0: the newest group of pictures only): the longest pre-roll asked for. */
    public long keepMillis() {
        if (!enabled) {
            return 0;
        }
        long longest = preRoll.toMillis();
        for (Roll r : scenes.values()) {
            longest = Math.max(longest, r.preRoll() == null ? 0 : r.preRoll().toMillis());
        }
        for (Roll r : checkpoints.values()) {
            longest = Math.max(longest, r.preRoll() == null ? 0 : r.preRoll().toMillis());
        }
        return longest + KEEP_SLACK_MS;
    }

    @Override
    public void validate() {
        rolls(preRoll, postRoll, "");
        scenes.forEach((id, r) -> rolls(r.preRoll() == null ? preRoll : r.preRoll(), r.postRoll() == null ? postRoll : r.postRoll(),
                "scenes." + id + "."));
        checkpoints.forEach((id, r) -> {
            if (r.camera() == null || r.camera().isBlank()) {
                throw new IllegalArgumentException("checkpoints." + id + ".camera: the camera that watches the gate is required");
            }
            rolls(r.preRoll() == null ? preRoll : r.preRoll(), r.postRoll() == null ? postRoll : r.postRoll(), "checkpoints." + id + ".");
        });
        if (maxAge.isZero() || maxAge.isNegative()) {
            throw new IllegalArgumentException("maxAge: must be longer than zero, got " + maxAge);
        }
        if (quota.bytes() < (1L << 20)) {
            throw new IllegalArgumentException("quota: at least 1MiB, got " + quota.bytes() + " bytes");
        }
    }

    private static void rolls(Duration preRoll, Duration postRoll, String at) {
        if (preRoll.isNegative() || preRoll.compareTo(Duration.ofSeconds(60)) > 0) {
            throw new IllegalArgumentException(at + "preRoll: between 0 and 60 s, got " + preRoll);
        }
        if (postRoll.isZero() || postRoll.isNegative() || postRoll.compareTo(Duration.ofMinutes(5)) > 0) {
            throw new IllegalArgumentException(at + "postRoll: above 0 and at most 5 min, got " + postRoll);
        }
    }
}
