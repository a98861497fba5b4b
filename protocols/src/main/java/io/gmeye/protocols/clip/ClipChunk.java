package io.gmeye.protocols.clip;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;

/**
 * Describes one piece of a clip file sent from the agent to the hub (binary payload, like a
 * snapshot: the bytes from {@code offset} on), in answer to the hub's {@code clip.chunk} command
 * {@code ref}. Relayed to the hub's clip cache, never stored in its log.
 *
 * @param size   the whole file's size, so the hub knows when it has all of it
 * @param sha256 the whole file's SHA-256 (hex), so the hub checks what it put together
 */
public record ClipChunk(String ref, String clip, String camera, long offset, long size, String sha256) implements Body {
    public static final String CONTENT_TYPE = "video/mp4";

    public ClipChunk {
        Require.text(ref, "ref");
        Require.text(clip, "clip");
        Require.text(camera, "camera");
        Require.notNegative(offset, "offset");
        Require.notNegative(size, "size");
        Require.text(sha256, "sha256");
    }
}
