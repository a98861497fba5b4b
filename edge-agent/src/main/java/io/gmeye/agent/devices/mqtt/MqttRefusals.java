package io.gmeye.agent.devices.mqtt;

import io.gmeye.protocols.error.GmeyeException;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.vertx.mqtt.messages.codes.MqttPubAckReasonCode;

/** Errors translated once into MQTT v5: a PUBACK reason code and a reason string the device can log. */
final class MqttRefusals {
    private static final int MAX_REASON = 200;

    private MqttRefusals() {
    }

    static MqttPubAckReasonCode code(GmeyeException e) {
        return MqttPubAckReasonCode.valueOf((byte) e.kind().mqttReasonCode());
    }

    static MqttProperties reason(String reason) {
        MqttProperties p = new MqttProperties();
        String r = reason.length() > MAX_REASON ? reason.substring(0, MAX_REASON - 3) + "..." : reason;
        p.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(), r));
        return p;
    }
}
