package io.gmeye.hub.online;

import java.util.List;

/**
 * A camera as the views list it: registry facts and the hub's judgement now, with what its agent
 * last said of its stream.
 *
 * @param state   the agent's word (online, degraded, offline, unauthorized, not_found), never_reported, or
 *                site_silent when its site's agent has not been heard for longer than the site timeout
 * @param online  counted online now: the agent says online or degraded and the site is not silent
 * @param reason  why it is not online, or why the agent judges it degraded (a share of its pictures lost), for people
 * @param since   hub time it has been in this condition, -1 when unknown
 * @param fpsIn   frames a second the camera sends; {@code fpsDecoded} the agent decodes (0 for one decoded on demand)
 * @param reconnectsLastHour the agent's reconnects to the camera in the last hour: a camera that flaps
 * @param picturesLost pictures the agent threw away because RTP packets of them were lost, since it started pulling
 *                the camera; {@code picturesLostLastMinute} of those in the last minute; -1 where its reader does not count them
 * @param protocol rtsp, gb28181 or onvif
 * @param parent  the device it belongs to (a GB/T 28181 NVR or IPC, an ONVIF endpoint), or null
 * @param ptz     the camera can pan, tilt and zoom (POST /api/v1/cameras/{id}/ptz)
 */
public record CameraRow(String id, String name, String site, String kind, List<String> tags, boolean auto, String state, boolean online,
                        String reason, long since, long updatedAt, String codec, Integer width, Integer height, Double fpsIn,
                        Double fpsDecoded, Long bitrateKbps, Long lastFrameAgeMs, Integer reconnects, Integer reconnectsLastHour,
                        String lastError, Long picturesLost, Long picturesLostLastMinute, String protocol, String parent, boolean ptz) {
    /** The state of a camera whose site has gone silent, whatever its agent last said. */
    public static final String SITE_SILENT = "site_silent";
}
