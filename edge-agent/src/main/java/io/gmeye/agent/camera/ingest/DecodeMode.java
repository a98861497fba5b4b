package io.gmeye.agent.camera.ingest;

/**
 * How much of a camera's stream the agent decodes while nobody watches it live. A live viewer
 * makes any camera decode every frame; snapshots and samples decode on demand from the kept
 * packets where a camera is not decoded continuously.
 */
enum DecodeMode {
    /** Every frame: motion is seen as it happens (cameras that inspection scenes watch). */
    FULL,
    /** Keyframes only (skip_frame=nokey): a picture per keyframe interval at a fraction of the cost. */
    KEYFRAMES,
    /** Nothing until someone asks: health from the packets alone, pictures decoded for a sample, snapshot or viewer. */
    ONDEMAND;

    /** The mode a camera's {@code decode} asks for; {@code auto}: full where a scene watches the camera, else on demand. */
    static DecodeMode of(String decode, boolean watchedByScene) {
        return switch (decode == null ? "auto" : decode) {
            case "full" -> FULL;
            case "keyframes" -> KEYFRAMES;
            case "ondemand" -> ONDEMAND;
            default -> watchedByScene ? FULL : ONDEMAND;
        };
    }
}
