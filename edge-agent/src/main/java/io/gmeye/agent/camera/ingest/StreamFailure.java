package io.gmeye.agent.camera.ingest;

import io.gmeye.protocols.camera.CameraState;

/**
 * Why a stream could not be opened or broke off, as the camera's health states it: the state it
 * puts the camera in and a reason an operator can act on.
 */
final class StreamFailure extends Exception {
    private final CameraState state;

    StreamFailure(CameraState state, String reason) {
        super(reason, null, false, false);
        this.state = state;
    }

    CameraState state() {
        return state;
    }

    String reason() {
        return getMessage();
    }
}
