package io.gmeye.agent.camera.rtsp;

import java.io.IOException;

/** Why an RTSP session could not be set up or ended, beyond what the socket says. */
public final class RtspFailure extends IOException {
    /** What went wrong: the camera answered an error status, closed the connection, or offers what this reader does not take. */
    public enum Kind { STATUS, CLOSED, UNSUPPORTED }

    private final Kind kind;
    private final int status;

    RtspFailure(Kind kind, int status, String message) {
        super(message, null);
        this.kind = kind;
        this.status = status;
    }

    static RtspFailure status(int status, String phrase, String method) {
        return new RtspFailure(Kind.STATUS, status, "the camera answered " + status + " " + phrase + " to " + method);
    }

    static RtspFailure unsupported(String why) {
        return new RtspFailure(Kind.UNSUPPORTED, 0, why);
    }

    public Kind kind() {
        return kind;
    }

    /** The RTSP status of a {@link Kind#STATUS} failure. */
    public int status() {
        return status;
    }
}
