package io.gmeye.hub.estate;

import io.gmeye.hub.registry.CameraEntry;
import io.gmeye.hub.registry.Tagged;

/**
 * A camera of the estate: what the registry holds of it and, once its agent reported it, its
 * latest state. One of the two may be missing: a registered camera that never reported has no
 * status; a camera reported under an id the registry cannot hold has no entry.
 */
public record Camera(String id, Tagged<CameraEntry> entry, CameraStatus status) {
    /** The site that reports it, else the one it is registered at. */
    public String site() {
        return status != null ? status.site() : entry.entry().site();
    }

    /** Its agent counts it online (the site's silence is judged apart). */
    public boolean agentOnline() {
        return status != null && status.health().state().countsOnline();
    }

    Camera withEntry(Tagged<CameraEntry> e) {
        return new Camera(id, e, status);
    }

    Camera withStatus(CameraStatus s) {
        return new Camera(id, entry, s);
    }
}
