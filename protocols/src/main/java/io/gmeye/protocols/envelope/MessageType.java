package io.gmeye.protocols.envelope;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonValue;
import io.gmeye.protocols.agent.AgentHealth;
import io.gmeye.protocols.camera.CameraHealthBatch;
import io.gmeye.protocols.camera.CameraInventory;
import io.gmeye.protocols.camera.LiveFrame;
import io.gmeye.protocols.checkpoint.CheckpointAlert;
import io.gmeye.protocols.clip.ClipChunk;
import io.gmeye.protocols.checkpoint.CheckpointPass;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.config.ConfigBundle;
import io.gmeye.protocols.config.WhitelistDelta;
import io.gmeye.protocols.config.WhitelistState;
import io.gmeye.protocols.device.DeviceEvent;
import io.gmeye.protocols.device.DeviceHealthBatch;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.inspection.InspectionEvent;
import io.gmeye.protocols.inspection.Snapshot;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Every kind of message, its wire name, its body record and the way it travels. */
public enum MessageType {
    AGENT_HEALTH("agent.health", AgentHealth.class, Direction.UP),
    CAMERA_HEALTH("camera.health", CameraHealthBatch.class, Direction.UP),
    /** Cameras the agent found itself (GB/T 28181 channels, ONVIF cameras): protocol, parent device, name, PTZ. */
    CAMERA_INVENTORY("camera.inventory", CameraInventory.class, Direction.UP),
    DEVICE_TELEMETRY("device.telemetry", DeviceTelemetry.class, Direction.UP),
    DEVICE_EVENT("device.event", DeviceEvent.class, Direction.UP),
    DEVICE_HEALTH("device.health", DeviceHealthBatch.class, Direction.UP),
    INSPECTION_EVENT("inspection.event", InspectionEvent.class, Direction.UP),
    /** Binary: the payload is a JPEG, the envelope rides in a user property. */
    SNAPSHOT("snapshot", Snapshot.class, Direction.UP),
    /** Binary like a snapshot: one JPEG of a live view, QoS 0, only while someone watches. */
    LIVE_FRAME("live.frame", LiveFrame.class, Direction.UP),
    /** Binary: a piece of an event clip's MP4, in answer to the hub's clip.chunk command; relayed to its clip cache, never stored. */
    CLIP_CHUNK("clip.chunk", ClipChunk.class, Direction.UP),
    CHECKPOINT_PASS("checkpoint.pass", CheckpointPass.class, Direction.UP),
    CHECKPOINT_ALERT("checkpoint.alert", CheckpointAlert.class, Direction.UP),
    COMMAND_RESULT("command.result", CommandResult.class, Direction.UP),
    /** The whitelist version an agent holds; with resync set, a request for the full list. */
    WHITELIST_STATE("whitelist.state", WhitelistState.class, Direction.UP),
    COMMAND("command", Command.class, Direction.DOWN),
    CONFIG_BUNDLE("config.bundle", ConfigBundle.class, Direction.DOWN),
    WHITELIST_DELTA("whitelist.delta", WhitelistDelta.class, Direction.DOWN);

    public enum Direction { UP, DOWN }

    private static final Map<String, MessageType> BY_WIRE =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(MessageType::wire, Function.identity()));
    private static final Map<Class<?>, MessageType> BY_BODY =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(MessageType::bodyClass, Function.identity()));

    private final String wire;
    private final Class<? extends Body> bodyClass;
    private final Direction direction;

    MessageType(String wire, Class<? extends Body> bodyClass, Direction direction) {
        this.wire = wire;
        this.bodyClass = bodyClass;
        this.direction = direction;
    }

    @JsonValue
    public String wire() {
        return wire;
    }

    public Class<? extends Body> bodyClass() {
        return bodyClass;
    }

    public Direction direction() {
        return direction;
    }

    public boolean binary() {
        return this == SNAPSHOT || this == LIVE_FRAME || this == CLIP_CHUNK;
    }

    public static Optional<MessageType> fromWire(String wire) {
        return Optional.ofNullable(BY_WIRE.get(wire));
    }

    @JsonCreator
    public static MessageType of(String wire) {
        return fromWire(wire).orElseThrow(() -> new IllegalArgumentException("'" + wire + "' is not a known message type"));
    }

    public static MessageType forBody(Class<? extends Body> bodyClass) {
        MessageType t = BY_BODY.get(bodyClass);
        if (t == null) {
            throw new IllegalArgumentException(bodyClass.getName() + " is not bound to a message type");
        }
        return t;
    }
}
