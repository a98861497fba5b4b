package io.gmeye.hub.siteconfig;

import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.protocols.config.ConfigBundle;
import io.gmeye.protocols.config.DeviceSpec;
import io.gmeye.protocols.topic.Topics;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the hub can judge of a site configuration before it goes down: ids, camera urls and
 * modes, duplicates, scenes on cameras that exist. Every problem is named by its field; the
 * agent then checks the rest against what only it knows (its device types, the scene rules).
 */
final class SiteConfigCheck {
    private SiteConfigCheck() {
    }

    /** The problems found, each "field: reason"; empty when the bundle may be stored. */
    static List<String> problems(ConfigBundle b) {
        List<String> out = new ArrayList<>();
        if (b.whitelist() != null) {
            out.add("whitelist: the whitelist has its own versions (POST /api/v1/whitelist); leave it out here");
        }
        Set<String> cameraIds = new LinkedHashSet<>();
        for (int i = 0; i < b.cameras().size(); i++) {
            CameraSpec c = b.cameras().get(i);
            String at = "cameras[" + i + "]";
            if (c == null) {
                out.add(at + ": is empty");
                continue;
            }
            if (!Topics.validId(c.id())) {
                out.add(at + ".id: '" + c.id() + "' is not a valid id (letters, digits, _ . : -; at most 64)");
            } else if (!cameraIds.add(c.id())) {
                out.add(at + ".id: '" + c.id() + "' is used twice");
            }
            if (!c.url().startsWith("rtsp://") && !c.url().startsWith("rtsps://")) {
                out.add(at + ".url: must start with rtsp:// or rtsps://");
            }
            if (!CameraSpec.TRANSPORTS.contains(c.transport())) {
                out.add(at + ".transport: '" + c.transport() + "' (use tcp or udp)");
            }
            if (!CameraSpec.DECODE_MODES.contains(c.decode())) {
                out.add(at + ".decode: '" + c.decode() + "' (use auto, full, keyframes or ondemand)");
            }
            if (!CameraSpec.READERS.contains(c.readerMode())) {
                out.add(at + ".reader: '" + c.reader() + "' (use auto, native or ffmpeg)");
            }
        }
        Set<String> deviceIds = new HashSet<>();
        for (int i = 0; i < b.devices().size(); i++) {
            DeviceSpec d = b.devices().get(i);
            String at = "devices[" + i + "]";
            if (d == null) {
                out.add(at + ": is empty");
                continue;
            }
            if (!Topics.validId(d.id())) {
                out.add(at + ".id: '" + d.id() + "' is not a valid id (letters, digits, _ . : -; at most 64)");
            } else if (!deviceIds.add(d.id())) {
                out.add(at + ".id: '" + d.id() + "' is used twice");
            }
        }
        Set<String> sceneIds = new HashSet<>();
        for (int i = 0; i < b.scenes().size(); i++) {
            Map<String, Object> s = b.scenes().get(i);
            String at = "scenes[" + i + "]";
            if (s == null) {
                out.add(at + ": is empty");
                continue;
            }
            Object id = s.get("id");
            if (!(id instanceof String sid) || sid.isBlank()) {
                out.add(at + ".id: is required");
            } else if (!sceneIds.add(sid)) {
                out.add(at + ".id: '" + sid + "' is used twice");
            }
            if (!(s.get("type") instanceof String t) || t.isBlank()) {
                out.add(at + ".type: one of vending, parking, debris, poster, banner, out_of_store is required");
            }
            Object camera = s.get("camera");
            if (!(camera instanceof String cam) || cam.isBlank()) {
                out.add(at + ".camera: the camera id is required");
            } else if (!cameraIds.contains(cam)) {
                out.add(at + ".camera: '" + cam + "' is not one of the cameras " + cameraIds);
            }
        }
        return out;
    }
}
