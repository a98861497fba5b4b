package io.gmeye.protocols.topic;

import io.gmeye.protocols.envelope.MessageType;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * MQTT topic names, defined once. Agent to hub: {@code gm/v1/{site}/up/{type}} (and
 * {@code .../up/batch} for many envelopes in one publish); hub to agent:
 * {@code gm/v1/{site}/down/{command}}. Devices to agent: {@code dev/v1/{deviceId}/...}.
 */
public final class Topics {
    public static final String ROOT = "gm/v1";
    public static final String BATCH = "batch";
    public static final String UP_FILTER = ROOT + "/+/up/#";
    private static final Pattern ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9_.:-]{0,63}");

    private Topics() {
    }

    /** Site, camera and device ids are safe in topics and paths: no '/', '+', '#', no spaces. */
    public static boolean validId(String id) {
        return id != null && ID.matcher(id).matches();
    }

    public static String up(String site, MessageType type) {
        return ROOT + "/" + site + "/up/" + type.wire();
    }

    public static String upBatch(String site) {
        return ROOT + "/" + site + "/up/" + BATCH;
    }

    public static String down(String site, String command) {
        return ROOT + "/" + site + "/down/" + command;
    }

    public static String downFilter(String site) {
        return ROOT + "/" + site + "/down/#";
    }

    /** A parsed agent-to-hub topic: the site, and the message type or null for a batch. */
    public record Up(String site, MessageType type) {
        public boolean batch() {
            return type == null;
        }
    }

    /** A parsed hub-to-agent topic. */
    public record Down(String site, String command) {
    }

    public static Optional<Up> parseUp(String topic) {
        String[] p = topic == null ? new String[0] : topic.split("/", -1);
        if (p.length != 5 || !"gm".equals(p[0]) || !"v1".equals(p[1]) || !"up".equals(p[3]) || !validId(p[2])) {
            return Optional.empty();
        }
        if (BATCH.equals(p[4])) {
            return Optional.of(new Up(p[2], null));
        }
        return MessageType.fromWire(p[4]).filter(t -> t.direction() == MessageType.Direction.UP).map(t -> new Up(p[2], t));
    }

    public static Optional<Down> parseDown(String topic) {
        String[] p = topic == null ? new String[0] : topic.split("/", -1);
        if (p.length != 5 || !"gm".equals(p[0]) || !"v1".equals(p[1]) || !"down".equals(p[3]) || !validId(p[2]) || p[4].isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(new Down(p[2], p[4]));
    }

    // --- devices to agent ---

    public static final String DEVICE_ROOT = "dev/v1";

    public static String deviceTelemetry(String deviceId) {
        return DEVICE_ROOT + "/" + deviceId + "/telemetry";
    }

    public static String deviceEvent(String deviceId) {
        return DEVICE_ROOT + "/" + deviceId + "/event";
    }

    public static String deviceStatus(String deviceId) {
        return DEVICE_ROOT + "/" + deviceId + "/status";
    }

    public static String deviceCommand(String deviceId) {
        return DEVICE_ROOT + "/" + deviceId + "/cmd";
    }

    /** A parsed device topic: the device and the last segment (telemetry, event, status, cmd). */
    public record DeviceTopic(String device, String kind) {
    }

    public static Optional<DeviceTopic> parseDevice(String topic) {
        String[] p = topic == null ? new String[0] : topic.split("/", -1);
        if (p.length != 4 || !"dev".equals(p[0]) || !"v1".equals(p[1]) || !validId(p[2])) {
            return Optional.empty();
        }
        return switch (p[3]) {
            case "telemetry", "event", "status", "cmd" -> Optional.of(new DeviceTopic(p[2], p[3]));
            default -> Optional.empty();
        };
    }
}
