package io.gmeye.hub.online;

import java.util.List;

/**
 * A camera as the views list it: registry facts and the hub's judgement now.
 *
 * @param state  the agent's word (online, degraded, offline, unauthorized, not_found), or never_reported
 * @param online counted online now: the agent says online or degraded and the site is not silent
 * @param reason why it is not online, for people
 * @param since  hub time it has been in this condition, -1 when unknown
 * @param protocol rtsp, gb28181 or onvif
 * @param parent the device it belongs to (a GB/T 28181 NVR or IPC, an ONVIF endpoint), or null
 * @param ptz    the camera can pan, tilt and zoom (POST /api/v1/cameras/{id}/ptz)
 */
public record CameraRow(String id, String name, String site, String kind, List<String> tags, boolean auto, String state, boolean online,
                        String reason, long since, long updatedAt, Double fps, Integer width, Integer height, Long lastFrameAgeMs,
                        String protocol, String parent, boolean ptz) {
}
