package io.gmeye.agent.gb28181.device;

/**
 * A channel as the rest of the agent sees it: a camera of the site.
 *
 * @param online  its device is registered and alive and the device reports the channel on
 * @param reason  why it is not online (keepalive lost, registration expired, channel off), or "registered"
 */
public record ChannelView(String id, String deviceId, String parentId, String name, String civilCode, boolean ptz, boolean online,
                          String reason) {
}
