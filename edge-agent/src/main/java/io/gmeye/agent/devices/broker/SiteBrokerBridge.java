package io.gmeye.agent.devices.broker;

import io.gmeye.agent.devices.DeviceLink;
import io.gmeye.agent.devices.DevicesConfig;
import io.gmeye.agent.devices.ingest.DeviceIngest;
import io.gmeye.agent.devices.registry.DeviceRegistry;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.topic.Topics;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.VerticleBase;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.MqttSubscription;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Attaches the agent to a broker the site already runs, with the Paho client: devices publish
 * there and the agent takes their messages through the same ingest as its own endpoints. The
 * agent acknowledges each message to the broker (manual acks) only once the outbox holds it, and
 * keeps a persistent session (clean start off), so the broker holds what arrives while the agent
 * is away. A refused message cannot be answered to the device (the broker stands between); it
 * is counted and logged. Commands go out on {@code dev/v1/{id}/cmd}; "delivered" there means the
 * broker took them.
 */
public final class SiteBrokerBridge extends VerticleBase implements DeviceLink {
    private static final Logger LOG = LoggerFactory.getLogger(SiteBrokerBridge.class);
    private static final String[] FILTERS = {"dev/v1/+/telemetry", "dev/v1/+/event", "dev/v1/+/status"};

    private final DevicesConfig.SiteBroker config;
    private final DeviceRegistry registry;
    private final DeviceIngest ingest;
    private final Metrics metrics;
    private MqttAsyncClient client;

    public SiteBrokerBridge(DevicesConfig.SiteBroker config, DeviceRegistry registry, DeviceIngest ingest, Metrics metrics) {
        this.config = config;
        this.registry = registry;
        this.ingest = ingest;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() throws MqttException {
        client = new MqttAsyncClient(config.url(), config.clientId(), new MemoryPersistence());
        client.setManualAcks(true);
        client.setCallback(new Callback());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setCleanStart(false);
        o.setSessionExpiryInterval(86_400L); // the broker keeps our subscriptions and queued messages for a day
        o.setAutomaticReconnect(true);
        o.setAutomaticReconnectDelay(1, 30);
        o.setReceiveMaximum(1000);
        if (config.username() != null) {
            o.setUserName(config.username());
            o.setPassword(config.password() == null ? new byte[0] : config.password().getBytes(StandardCharsets.UTF_8));
        }
        Promise<Void> connected = Promise.promise();
        client.connect(o, null, new MqttActionListener() {
            @Override
            public void onSuccess(IMqttToken t) {
                connected.complete();
            }

            @Override
            public void onFailure(IMqttToken t, Throwable e) {
                connected.fail(GmeyeException.unavailable("site broker " + config.url() + ": " + e.getMessage()));
            }
        });
        return connected.future().compose(v -> subscribe()).onSuccess(v -> LOG.info("attached to the site broker {}", config.url()));
    }

    private Future<Void> subscribe() {
        Promise<Void> p = Promise.promise();
        MqttSubscription[] subs = new MqttSubscription[FILTERS.length];
        for (int i = 0; i < FILTERS.length; i++) {
            subs[i] = new MqttSubscription(FILTERS[i], 1);
        }
        try {
            client.subscribe(subs, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    p.tryComplete();
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                    p.tryFail(GmeyeException.unavailable("site broker refused the subscriptions: " + e.getMessage()));
                }
            }, new MqttProperties());
        } catch (MqttException e) {
            p.tryFail(e);
        }
        return p.future();
    }

    @Override
    public Future<?> stop() {
        return vertx.executeBlocking(() -> {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(2000);
            }
            client.close(true);
            return null;
        });
    }

    private final class Callback implements MqttCallback {
        @Override
        public void messageArrived(String topic, MqttMessage m) {
            // Paho's thread hands the message to Vert.x; the ack to the broker follows the outbox write
            context.runOnContext(v -> take(topic, m));
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
            if (reconnect) {
                subscribe();
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse r) {
            LOG.warn("site broker connection lost: {}", r.getReasonString());
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
    }

    private void take(String topic, MqttMessage m) {
        Topics.DeviceTopic t = Topics.parseDevice(topic).orElse(null);
        DeviceRegistry.Known device = t == null ? null : registry.find(t.device()).orElse(null);
        if (device == null) {
            metrics.count("gmeye.devices.messages", "kind", "unknown", "transport", "broker", "outcome", "refused");
            LOG.debug("site broker: {} is not a device of this site; ignored", topic);
            ack(m);
            return;
        }
        DeviceIngest.Kind kind = switch (t.kind()) {
            case "telemetry" -> DeviceIngest.Kind.TELEMETRY;
            case "event" -> DeviceIngest.Kind.EVENT;
            default -> DeviceIngest.Kind.STATUS;
        };
        ingest.handle(device, kind, m.getPayload(), "broker").whenComplete((v, err) -> {
            if (err != null && !GmeyeException.of(err).kind().clientError()) {
                return; // not stored: left unacknowledged, the broker sends it again after a reconnect
            }
            if (err != null) {
                LOG.info("site broker: refused a message from {}: {}", device.id(), GmeyeException.of(err).reason());
            }
            ack(m);
        });
    }

    private void ack(MqttMessage m) {
        if (m.getQos() == 0) {
            return;
        }
        try {
            client.messageArrivedComplete(m.getId(), m.getQos());
        } catch (MqttException e) {
            LOG.debug("site broker ack failed: {}", e.getMessage());
        }
    }

    @Override
    public boolean reachable(String deviceId) {
        return client != null && client.isConnected() && registry.find(deviceId).isPresent();
    }

    @Override
    public CompletableFuture<Void> send(String deviceId, byte[] payload) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        try {
            MqttMessage m = new MqttMessage(payload);
            m.setQos(1);
            client.publish(Topics.deviceCommand(deviceId), m, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken t) {
                    f.complete(null);
                }

                @Override
                public void onFailure(IMqttToken t, Throwable e) {
                    f.completeExceptionally(GmeyeException.unavailable("site broker did not take the command: " + e.getMessage()));
                }
            });
        } catch (MqttException e) {
            f.completeExceptionally(GmeyeException.unavailable("site broker: " + e.getMessage()));
        }
        return f;
    }
}
