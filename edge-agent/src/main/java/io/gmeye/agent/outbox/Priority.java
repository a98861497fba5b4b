package io.gmeye.agent.outbox;

import io.gmeye.protocols.envelope.MessageType;

/**
 * Drain classes of the outbox, most urgent first. Within a class records leave in the order they
 * came. When the outbox is over its size, eviction takes the oldest of the least valuable class
 * first: health before telemetry before records before events; alerts are never evicted.
 */
public enum Priority {
    ALERT, EVENT, RECORD, TELEMETRY, HEALTH;

    public static Priority of(MessageType type) {
        return switch (type) {
            case CHECKPOINT_ALERT -> ALERT;
            case INSPECTION_EVENT, SNAPSHOT, DEVICE_EVENT -> EVENT;
            case CHECKPOINT_PASS, COMMAND_RESULT, WHITELIST_STATE, CAMERA_INVENTORY -> RECORD; // inventory is sent only when it changes
            case DEVICE_TELEMETRY -> TELEMETRY;
            default -> HEALTH;
        };
    }

    public String columnFamily() {
        return "p" + ordinal() + "_" + name().toLowerCase();
    }

    public String wire() {
        return name().toLowerCase();
    }
}
