package io.gmeye.agent.onvif;

/** An ONVIF request that failed, with the camera's reason or the network's. */
public final class OnvifException extends RuntimeException {
    public OnvifException(String reason) {
        super(reason, null, false, false);
    }
}
