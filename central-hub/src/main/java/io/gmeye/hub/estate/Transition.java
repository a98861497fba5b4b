package io.gmeye.hub.estate;

/** A change of state of a camera, device or site, on the hub's clock. */
public record Transition(String entity, String site, String from, String to, String reason, long at) {
    /** The state a transition goes {@code to} when an admin removed the camera or device from the registry. */
    public static final String REMOVED = "removed";
}
