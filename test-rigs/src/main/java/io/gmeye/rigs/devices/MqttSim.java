package io.gmeye.rigs.devices;

import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.device.DeviceCommandMessage;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.function.BiConsumer;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;

/** A device on MQTT v5 (Paho): publishes on its own topics, takes commands on dev/v1/{id}/cmd. */
public final class MqttSim implements AutoCloseable {
    private final String id;
    private final MqttAsyncClient client;
    private final MqttConnectionOptions options = new MqttConnectionOptions();

    public MqttSim(String uri, String id, String secret, BiConsumer<MqttSim, DeviceCommandMessage> onCommand) throws MqttException {
        this.id = id;
        this.client = new MqttAsyncClient(uri, id, new MemoryPersistence());
        options.setUserName(id);
        options.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        options.setAutomaticReconnect(true);
        options.setAutomaticReconnectDelay(1, 10);
        options.setCleanStart(true);
        options.setReceiveMaximum(1000);
        if (uri.startsWith("tcp:")) {
            options.setSocketFactory(new NoDelaySockets());
        }
        client.setCallback(new MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage m) throws Exception {
                onCommand.accept(MqttSim.this, Json.mapper().readValue(m.getPayload(), DeviceCommandMessage.class));
            }

            @Override
            public void connectComplete(boolean reconnect, String serverURI) {
                try {
                    client.subscribe("dev/v1/" + id + "/cmd", 1);
                } catch (MqttException e) {
                    // the next reconnect subscribes again
                }
            }

            @Override
            public void disconnected(MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
            }

            @Override
            public void deliveryComplete(IMqttToken token) {
            }

            @Override
            public void authPacketArrived(int reasonCode, MqttProperties properties) {
            }
        });
    }

    public String id() {
        return id;
    }

    public MqttSim connect() throws MqttException {
        client.connect(options).waitForCompletion(10_000);
        client.subscribe("dev/v1/" + id + "/cmd", 1).waitForCompletion(10_000);
        return this;
    }

    public boolean connected() {
        return client.isConnected();
    }

    /** Publishes QoS 1; the token completes with the agent's PUBACK (reason code 0 = stored). */
    public IMqttToken publish(String kind, Object body) throws MqttException {
        return publishRaw(kind, Json.mapper().valueToTree(body).toString().getBytes(StandardCharsets.UTF_8));
    }

    public IMqttToken publishRaw(String kind, byte[] payload) throws MqttException {
        MqttMessage m = new MqttMessage(payload);
        m.setQos(1);
        return client.publish("dev/v1/" + id + "/" + kind, m);
    }

    public IMqttToken event(String name, Map<String, Object> data) throws MqttException {
        return publish("event", Map.of("name", name, "data", data));
    }

    /**
     * Tries to connect now when the connection is down, as a device that sees its gateway back
     * would (Paho's automatic reconnect doubles its delay after each refused try, minutes after a
     * long outage).
     */
    public void reconnectNow() {
        if (!client.isConnected()) {
            try {
                client.reconnect();
            } catch (MqttException e) {
                // a try already under way, or refused again: automatic reconnect goes on
            }
        }
    }

    /** Drops the connection as a flaky device would; automatic reconnect brings it back. */
    public void flap() {
        try {
            client.disconnectForcibly(0, 100, false);
            client.reconnect();
        } catch (MqttException e) {
            // reconnect is automatic
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2000);
            }
            client.close(true);
        } catch (MqttException e) {
            // closing anyway
        }
    }
}
