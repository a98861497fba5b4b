package io.gmeye.hub.estate;

import io.gmeye.protocols.camera.CameraHealth;

/**
 * A camera's latest state at the hub.
 *
 * @param since     hub time the camera entered its current state
 * @param updatedAt hub time of the last report
 */
public record CameraStatus(String site, CameraHealth health, long since, long updatedAt) {
}
