package io.gmeye.hub.agents;

import io.gmeye.protocols.error.ErrorKind;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import java.util.ArrayDeque;

/**
 * PUBACKs leave in the order the PUBLISHes came (MQTT 4.6), even when a later publish is refused
 * at once and an earlier one still waits for the store. Event-loop confined.
 */
final class OrderedAcks {
    final class Slot {
        private final int messageId;
        private boolean done;
        private int code;
        private MqttProperties props;

        private Slot(int messageId) {
            this.messageId = messageId;
        }

        void ok(MqttProperties p) {
            finish(0, p);
        }

        void refuse(ErrorKind kind, String reason) {
            finish(kind.mqttReasonCode(), MqttProps.reason(reason));
        }

        private void finish(int c, MqttProperties p) {
            done = true;
            code = c;
            props = p;
            flush();
        }
    }

    private final MqttEndpoint endpoint;
    private final ArrayDeque<Slot> queue = new ArrayDeque<>();

    OrderedAcks(MqttEndpoint endpoint) {
        this.endpoint = endpoint;
    }

    Slot next(int messageId) {
        Slot s = new Slot(messageId);
        queue.add(s);
        return s;
    }

    int waiting() {
        return queue.size();
    }

    /**
     * PUBACK allows only some reason codes (MQTT 5, 3.4.2.1); the others a refusal may carry are
     * DISCONNECT codes. Packet too large becomes payload format invalid (the publisher must not
     * resend it as is), message rate too high becomes quota exceeded (it may, later); the reason
     * string keeps the detail. Anything else unknown is an unspecified error, never a lost PUBACK.
     */
    static int pubackCode(int code) {
        return switch (code) {
            case 0x00, 0x10, 0x80, 0x83, 0x87, 0x90, 0x91, 0x97, 0x99 -> code;
            case 0x95 -> 0x99;
            case 0x96 -> 0x97;
            default -> 0x80;
        };
    }

    private void flush() {
        while (!queue.isEmpty() && queue.peek().done) {
            Slot s = queue.poll();
            if (!endpoint.isConnected()) {
                continue; // the client will send it again on its next connection
            }
            if (endpoint.protocolVersion() >= 5) {
                endpoint.publishAcknowledge(s.messageId, MqttPubAckReasonCode.valueOf((byte) pubackCode(s.code)),
                        s.props == null ? MqttProperties.NO_PROPERTIES : s.props);
            } else if (s.code == 0) {
                endpoint.publishAcknowledge(s.messageId);
            } else {
                endpoint.close(); // MQTT 3.1.1 has no negative PUBACK: closing makes the client keep its message
            }
        }
    }
}
