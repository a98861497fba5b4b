package io.gmeye.protocols.topic;

/** CoAP resource paths at the agent, defined once: {@code /v1/{deviceId}/telemetry|event|cmd}. */
public final class CoapPaths {
    public static final String ROOT = "v1";
    public static final String TELEMETRY = "telemetry";
    public static final String EVENT = "event";
    public static final String COMMAND = "cmd";

    private CoapPaths() {
    }

    public static String telemetry(String deviceId) {
        return "/" + ROOT + "/" + deviceId + "/" + TELEMETRY;
    }

    public static String event(String deviceId) {
        return "/" + ROOT + "/" + deviceId + "/" + EVENT;
    }

    public static String command(String deviceId) {
        return "/" + ROOT + "/" + deviceId + "/" + COMMAND;
    }
}
