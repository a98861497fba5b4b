package io.gmeye.hub.online;

import java.util.List;

/**
 * A camera as the views list it: registry facts and the hub's judgement now.
 *
 * @param state  the agent's word (online, degraded, offline, unauthorized, not_found), or never_reported
 * @param online counted online now: the agent says online or degraded and the site is not silent
 * @param reason why it is not online, for people
 * @param since  hub time it has been in this condition, -1 when unknown
 */
public record CameraRow(String id, String name, String site, String kind, List<String> tags, boolean auto, String state, boolean online,
                        String reason, long since, long updatedAt, Double fps, Integer width, Integer height, Long lastFrameAgeMs) {
}
