package io.gmeye.agent.camera;

import java.util.List;

/** A protocol through which the agent finds cameras itself: GB/T 28181 devices that register, ONVIF discovery. */
public interface CameraFinder {
    /** The cameras found now. */
    List<FoundCamera> found();

    /** Called when what {@link #found()} returns changed. */
    void onChange(Runnable listener);
}
