package io.gmeye.agent.devices.mqtt;

import io.gmeye.agent.devices.registry.DeviceRegistry;
import io.gmeye.protocols.error.GmeyeException;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Context;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.vertx.mqtt.messages.codes.MqttPubRecReasonCode;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One connected device. Everything here runs on the endpoint's context. Acknowledgements go out
 * in the order the publishes came in (MQTT requires it), each only once its message is durable.
 */
final class MqttDeviceSession {
    private static final class InFlight {
        final int messageId;
        final MqttQoS qos;
        boolean done;
        GmeyeException error;

        InFlight(int messageId, MqttQoS qos) {
            this.messageId = messageId;
            this.qos = qos;
        }
    }

    final DeviceRegistry.Known device;
    final MqttEndpoint endpoint;
    final Context context;
    volatile MqttQoS commandQos; // null until the device subscribes to its cmd topic
    private final ArrayDeque<InFlight> acks = new ArrayDeque<>();
    private final Map<Integer, CompletableFuture<Void>> commandAcks = new HashMap<>();

    MqttDeviceSession(DeviceRegistry.Known device, MqttEndpoint endpoint, Context context) {
        this.device = device;
        this.endpoint = endpoint;
        this.context = context;
    }

    /** Registers an incoming QoS 1/2 publish; returns the hook that settles it. */
    Object received(int messageId, MqttQoS qos) {
        InFlight f = new InFlight(messageId, qos);
        acks.add(f);
        return f;
    }

    void settle(Object token, GmeyeException error) {
        InFlight f = (InFlight) token;
        f.done = true;
        f.error = error;
        while (!acks.isEmpty() && acks.peek().done) {
            InFlight head = acks.poll();
            if (!endpoint.isConnected()) {
                continue;
            }
            boolean v5 = endpoint.protocolVersion() >= 5;
            if (head.qos == MqttQoS.AT_LEAST_ONCE) {
                if (head.error == null || !v5) {
                    endpoint.publishAcknowledge(head.messageId); // v3.1.1 has no way to refuse a publish
                } else {
                    endpoint.publishAcknowledge(head.messageId, MqttRefusals.code(head.error), MqttRefusals.reason(head.error.reason()));
                }
            } else {
                if (head.error == null || !v5) {
                    endpoint.publishReceived(head.messageId);
                } else {
                    endpoint.publishReceived(head.messageId, MqttPubRecReasonCode.valueOf(MqttRefusals.code(head.error).value()),
                            MqttRefusals.reason(head.error.reason()));
                }
            }
        }
    }

    void commandPublished(int messageId, CompletableFuture<Void> delivered) {
        commandAcks.put(messageId, delivered);
    }

    void commandAcknowledged(int messageId, MqttPubAckReasonCode code) {
        CompletableFuture<Void> f = commandAcks.remove(messageId);
        if (f == null) {
            return;
        }
        if (code == null || !code.isError()) {
            f.complete(null);
        } else {
            f.completeExceptionally(GmeyeException.badRequest(device.id() + " refused the command: " + code));
        }
    }

    void closed() {
        GmeyeException gone = GmeyeException.unavailable(device.id() + " disconnected before acknowledging the command");
        commandAcks.values().forEach(f -> f.completeExceptionally(gone));
        commandAcks.clear();
        acks.clear();
    }
}
