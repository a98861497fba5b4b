package io.gmeye.agent.camera.clip;

import io.gmeye.protocols.clip.ClipRef;
import java.util.Optional;

/** Where an event asks for its clip, and finds its reference again in later phases. */
public interface ClipRequests {
    /** Nobody makes clips. */
    ClipRequests NONE = new ClipRequests() {
        @Override
        public Optional<ClipRef> request(String id, String camera, String owner, long at) {
            return Optional.empty();
        }

        @Override
        public Optional<ClipRef> ref(String id, String camera, String owner, long at) {
            return Optional.empty();
        }

        @Override
        public Optional<ClipRef> requestAtCheckpoint(String id, String checkpoint, long at) {
            return Optional.empty();
        }
    };

    /**
     * Starts a clip of {@code camera} around {@code at} (agent clock) named {@code id}, as long as
     * {@code owner}'s rolls say (a scene's id; null: the defaults); its reference, or empty when none is made.
     */
    Optional<ClipRef> request(String id, String camera, String owner, long at);

    /** The reference a clip requested with these arguments has (nothing is started). */
    Optional<ClipRef> ref(String id, String camera, String owner, long at);

    /** Starts a clip of the camera that watches {@code checkpoint}'s gate; empty when it has none. */
    Optional<ClipRef> requestAtCheckpoint(String id, String checkpoint, long at);

    /** A clip with the default rolls. */
    default Optional<ClipRef> request(String id, String camera, long at) {
        return request(id, camera, null, at);
    }
}
