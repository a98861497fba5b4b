package io.gmeye.hub.agents;

import io.netty.handler.codec.mqtt.MqttProperties;
import java.util.List;

/** Reading and writing the few MQTT v5 properties the hub uses. */
public final class MqttProps {
    private MqttProps() {
    }

    public static String userProperty(MqttProperties props, String key) {
        if (props == null) {
            return null;
        }
        for (MqttProperties.MqttProperty<?> p : props.getProperties(MqttProperties.MqttPropertyType.USER_PROPERTY.value())) {
            if (p instanceof MqttProperties.UserProperty up && key.equals(up.value().key)) {
                return up.value().value;
            }
            if (p instanceof MqttProperties.UserProperties ups) {
                for (MqttProperties.StringPair pair : ups.value()) {
                    if (key.equals(pair.key)) {
                        return pair.value;
                    }
                }
            }
        }
        return null;
    }

    public static MqttProperties reason(String reason) {
        MqttProperties p = new MqttProperties();
        if (reason != null) {
            // reason strings are for people: keep them short enough for any client
            p.add(new MqttProperties.StringProperty(MqttProperties.MqttPropertyType.REASON_STRING.value(),
                    reason.length() > 500 ? reason.substring(0, 500) + "..." : reason));
        }
        return p;
    }

    public static MqttProperties withUser(MqttProperties p, String key, String value) {
        p.add(new MqttProperties.UserProperties(List.of(new MqttProperties.StringPair(key, value))));
        return p;
    }
}
