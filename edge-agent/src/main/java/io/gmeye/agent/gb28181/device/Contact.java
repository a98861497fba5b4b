package io.gmeye.agent.gb28181.device;

/** Where a registered device takes requests: the source of its REGISTER, over the same transport. */
public record Contact(String deviceId, String transport, String host, int port) {
}
