package io.gmeye.agent.camera.ingest;

import io.gmeye.protocols.camera.CameraState;

/**
 * Where a camera's stream stands, as its grabbing thread last judged it.
 *
 * @param since      agent time the camera entered {@code state}
 * @param lastError  the newest failure's reason, kept after the camera recovers
 * @param reconnects connection attempts after the first
 */
public record GrabStatus(CameraState state, String reason, long since, String lastError, int reconnects) {
    GrabStatus withReconnect() {
        return new GrabStatus(state, reason, since, lastError, reconnects + 1);
    }
}
