package io.gmeye.agent.camera.ingest;

/** No picture of a camera could be had in time; the reason says why, for the operator who asked. */
public final class NoPicture extends RuntimeException {
    public NoPicture(String reason) {
        super(reason, null, false, false);
    }

    public String reason() {
        return getMessage();
    }
}
