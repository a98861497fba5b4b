package io.gmeye.agent.camera.clip;

import io.gmeye.protocols.clip.ClipRef;
import java.util.Optional;

/** Where an event asks for its clip, and finds its reference again in later phases. */
public interface ClipRequests {
    /** Nobody makes clips. */
    ClipRequests NONE = new ClipRequests() {
        @Override
        public Optional<ClipRef> request(String id, String camera, long at) {
            return Optional.empty();
        }

        @Override
        public Optional<ClipRef> ref(String id, String camera, long at) {
            return Optional.empty();
        }
    };

    /** Starts a clip of {@code camera} around {@code at} (agent clock) named {@code id}; its reference, or empty when none is made. */
    Optional<ClipRef> request(String id, String camera, long at);

    /** The reference a clip requested with these arguments has (nothing is started). */
    Optional<ClipRef> ref(String id, String camera, long at);
}
