package io.gmeye.agent.ptz;

import io.gmeye.protocols.camera.PtzRequest;
import java.util.concurrent.CompletableFuture;

/** A protocol that can turn some of the site's cameras (GB/T 28181 DeviceControl, ONVIF PTZ). */
public interface PtzControl {
    /** Whether this protocol holds the camera. */
    boolean holds(String camera);

    /** Turns the camera; completes once the camera (or its device) accepted, or fails with the reason. */
    CompletableFuture<Void> ptz(String camera, PtzRequest request);
}
