package io.gmeye.hub.estate;

import java.util.Map;

/** A device's latest readings: {@code ts} is the agent's receive time, {@code receivedAt} the hub's. */
public record Reading(String device, String deviceType, Map<String, Object> values, long ts, long receivedAt) {
}
