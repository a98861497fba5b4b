package io.gmeye.rigs.wire;

import io.gmeye.protocols.agent.AgentHealth;
import io.gmeye.protocols.agent.OutboxStats;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraHealthBatch;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.camera.LiveFrame;
import io.gmeye.protocols.checkpoint.AlertState;
import io.gmeye.protocols.checkpoint.CheckpointAlert;
import io.gmeye.protocols.checkpoint.CheckpointPass;
import io.gmeye.protocols.checkpoint.PassDecision;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.config.WhitelistState;
import io.gmeye.protocols.device.DeviceEvent;
import io.gmeye.protocols.device.DeviceHealth;
import io.gmeye.protocols.device.DeviceHealthBatch;
import io.gmeye.protocols.device.DeviceState;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.inspection.Box;
import io.gmeye.protocols.inspection.DetectedObject;
import io.gmeye.protocols.inspection.EventPhase;
import io.gmeye.protocols.inspection.InspectionEvent;
import io.gmeye.protocols.inspection.Snapshot;
import io.gmeye.protocols.inspection.SnapshotRef;
import java.util.List;
import java.util.Map;

/** One valid body of every agent-to-hub message type: seeds for fuzzing and the walk over every topic. */
public final class Samples {
    /** The smallest JPEG a strict reader accepts is not needed: the hub checks the start marker and size only. */
    public static final byte[] JPEG = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, (byte) 0xE0, 0, 16, 'J', 'F', 'I', 'F', 0, 1, 1, 0, 0, 1, 0, 1, 0, 0,
        (byte) 0xFF, (byte) 0xD9};

    private Samples() {
    }

    public static Body body(MessageType type, int i) {
        long now = System.currentTimeMillis();
        return switch (type) {
            case AGENT_HEALTH -> new AgentHealth("0.1.0", 1000L * i, new OutboxStats(i, 100L * i, 0, Map.of(), 0), 0.2, 64L << 20, 512L << 20,
                    200L << 20, 10L << 30, 20L << 30, 200, 215, 48, 50, 7);
            case CAMERA_HEALTH -> new CameraHealthBatch(true, List.of(new CameraHealth("cam-" + i, CameraState.ONLINE, null, 25, 5, 2048, 1920, 1080,
                    "h264", 40, 0, 0, null, now - 60_000)));
            case CAMERA_INVENTORY -> new io.gmeye.protocols.camera.CameraInventory(List.of(new io.gmeye.protocols.camera.CameraInventory.Source(
                    "4403110000131" + String.format("%07d", i), "NVR 1 通道 " + i, "gb28181", "44031100001180000001", List.of(), i % 10 == 1)));
            case DEVICE_TELEMETRY -> new DeviceTelemetry("sensor-" + i, "air_quality", now, Map.of("pm25", 35 + i % 40, "pm10", 61.5));
            case DEVICE_EVENT -> new DeviceEvent("smoke-" + i, "smoke_detector", "alarm", "critical", Map.of("density", 0.12));
            case DEVICE_HEALTH -> new DeviceHealthBatch(false, List.of(new DeviceHealth("sensor-" + i, "air_quality", DeviceState.ONLINE, now, now - 5000,
                    null, 0)));
            case INSPECTION_EVENT -> new InspectionEvent("ev-" + i, EventPhase.NEW, "parking-1", "parking", "cam-" + i, List.of("street/demo"), now, now,
                    null, 1920, 1080, List.of(new DetectedObject("car", 0.81, new Box(100, 200, 300, 150), i, 90_000)),
                    List.of(new SnapshotRef("snap-" + i, "best", JPEG.length)));
            case SNAPSHOT -> new Snapshot("snap-" + i, "best", "cam-" + i, 1920, 1080);
            case LIVE_FRAME -> new LiveFrame("cam-" + i, i, 960, 540, now);
            case CLIP_CHUNK -> new io.gmeye.protocols.clip.ClipChunk("cmd-" + i, "ev-" + i, "cam-" + i, 0, JPEG.length,
                    "0000000000000000000000000000000000000000000000000000000000000000");
            case CHECKPOINT_PASS -> new CheckpointPass("pass-" + i, "gate-" + i % 7, "sentinel-1", "turnstile-1", "id_card", "h" + i,
                    "4403**********" + (1000 + i % 9000), "green", 36.5, PassDecision.ALLOW, "whitelisted", 42, 3, "passed");
            case CHECKPOINT_ALERT -> new CheckpointAlert("alert-" + i, "gate-1", AlertState.DISCOVERED, "red_code", "h" + i, "4403**********1234",
                    "pass-" + i, null);
            case COMMAND_RESULT -> new CommandResult("cmd-" + i, CommandStatus.SUCCEEDED, "ok", Map.of());
            case WHITELIST_STATE -> new WhitelistState(40 + i, 1200, false, null);
            default -> throw new IllegalArgumentException(type.wire() + " does not go from agents to the hub");
        };
    }

    public static Envelope<?> envelope(String site, MessageType type, int i) {
        return Envelope.create(site, "rig", body(type, i)).withSeq(0);
    }

    /** Every type an agent may publish. */
    public static List<MessageType> upTypes() {
        return java.util.Arrays.stream(MessageType.values()).filter(t -> t.direction() == MessageType.Direction.UP).toList();
    }
}
