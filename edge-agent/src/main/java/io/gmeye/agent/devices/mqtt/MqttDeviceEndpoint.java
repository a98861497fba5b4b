package io.gmeye.agent.devices.mqtt;

import io.gmeye.agent.devices.DeviceLink;
import io.gmeye.agent.devices.DeviceLinks;
import io.gmeye.agent.devices.DevicesConfig;
import io.gmeye.agent.devices.ingest.DeviceIngest;
import io.gmeye.agent.devices.registry.DeviceRegistry;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.topic.Topics;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.MqttTopicSubscription;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The MQTT endpoint field devices connect to (not a broker: the agent is the only other party).
 * A device logs in with its id and secret, publishes on {@code dev/v1/{id}/telemetry|event|status}
 * and subscribes to {@code dev/v1/{id}/cmd}; it may touch no other device's topics. Each publish
 * goes check topic, authorize, ingest (validate, store), acknowledge: QoS 1 PUBACK only once
 * the outbox holds the message, a refusal as an MQTT v5 reason code with a reason string.
 */
public final class MqttDeviceEndpoint extends VerticleBase implements DeviceLink {
    private static final Logger LOG = LoggerFactory.getLogger(MqttDeviceEndpoint.class);

    private final DevicesConfig.Mqtt config;
    private final DeviceRegistry registry;
    private final DeviceIngest ingest;
    private final DeviceLinks links;
    private final Metrics metrics;
    private final Map<String, MqttDeviceSession> sessions = new ConcurrentHashMap<>();
    private final List<MqttServer> servers = new ArrayList<>();

    public MqttDeviceEndpoint(DevicesConfig.Mqtt config, DeviceRegistry registry, DeviceIngest ingest, DeviceLinks links, Metrics metrics) {
        this.config = config;
        this.registry = registry;
        this.ingest = ingest;
        this.links = links;
        this.metrics = metrics;
    }

    @Override
    public Future<?> start() {
        List<Future<MqttServer>> listening = new ArrayList<>();
        listening.add(listen(new MqttServerOptions().setHost(config.host()).setPort(config.port())));
        if (config.tls().enabled()) {
            listening.add(listen(new MqttServerOptions().setHost(config.host()).setPort(config.tls().port()).setSsl(true)
                    .setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.tls().certFile()).setKeyPath(config.tls().keyFile()))));
        }
        return Future.all(listening).onSuccess(v -> LOG.info("device MQTT endpoint listening on {}", ports()));
    }

    private Future<MqttServer> listen(MqttServerOptions options) {
        options.setMaxMessageSize(config.maxMessageBytes());
        MqttServer server = MqttServer.create(vertx, options);
        servers.add(server);
        return server.endpointHandler(this::connected).listen();
    }

    @Override
    public Future<?> stop() {
        List<Future<Void>> closing = new ArrayList<>();
        servers.forEach(s -> closing.add(s.close()));
        return Future.join(closing);
    }

    /** Bound ports, plain first then TLS (useful when configured with port 0). */
    public List<Integer> ports() {
        return servers.stream().map(MqttServer::actualPort).toList();
    }

    private void connected(MqttEndpoint endpoint) {
        boolean v5 = endpoint.protocolVersion() >= 5;
        String user = endpoint.auth() == null ? null : endpoint.auth().getUsername();
        Optional<DeviceRegistry.Known> device = user == null ? Optional.empty() : registry.authenticate(user, endpoint.auth().getPassword());
        if (device.isEmpty()) {
            String reason = user == null ? "a device logs in with its id as user name and its password"
                    : registry.find(user).isPresent() ? "wrong password for device " + user : "no device '" + user + "' at this site";
            LOG.warn("refused device connection from {}: {}", endpoint.remoteAddress(), reason);
            metrics.count("gmeye.devices.connects", "transport", "mqtt", "outcome", "refused");
            if (v5) {
                endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD, MqttRefusals.reason(reason));
            } else {
                endpoint.reject(MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD);
            }
            return;
        }
        DeviceRegistry.Known known = device.get();
        MqttDeviceSession session = new MqttDeviceSession(known, endpoint, context);
        MqttDeviceSession old = sessions.put(known.id(), session);
        if (old != null) {
            // a device that reconnects takes its session over (the old one may be half-open); commands waiting on it fail over
            LOG.warn("device {}: a new connection from {} takes over the session of {}", known.id(), endpoint.remoteAddress(),
                    old.endpoint.remoteAddress());
            metrics.count("gmeye.devices.takeovers", "transport", "mqtt");
            if (old.endpoint.protocolVersion() >= 5) {
                old.endpoint.disconnect(MqttDisconnectReasonCode.SESSION_TAKEN_OVER, MqttRefusals.reason("another connection for device " + known.id()));
            } else {
                old.endpoint.close();
            }
        }
        metrics.count("gmeye.devices.connects", "transport", "mqtt", "outcome", "accepted");
        endpoint.publishAutoAck(false);
        endpoint.subscriptionAutoAck(false);
        endpoint.publishHandler(m -> published(session, m));
        endpoint.publishReleaseHandler(endpoint::publishComplete);
        endpoint.subscribeHandler(s -> subscribed(session, s));
        endpoint.unsubscribeHandler(u -> {
            session.commandQos = null;
            endpoint.unsubscribeAcknowledge(u.messageId());
        });
        endpoint.publishAcknowledgeMessageHandler(ack -> session.commandAcknowledged(ack.messageId(), ack.code()));
        endpoint.closeHandler(v -> {
            sessions.remove(known.id(), session);
            session.closed();
        });
        endpoint.exceptionHandler(e -> failed(endpoint, known.id(), e));
        MqttProperties props = new MqttProperties();
        if (v5) {
            // a device that knows the limit keeps an oversize publish to itself instead of losing its connection over it
            props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), config.maxMessageBytes()));
        }
        endpoint.accept(false, props);
    }

    /**
     * A packet over the size limit (or one the decoder cannot read) leaves the MQTT decoder unable to
     * go on: say why with DISCONNECT 0x95 / 0x81 instead of dropping the device silently (found by
     * DeviceEndpointsSecurityIT's fuzz).
     */
    private void failed(MqttEndpoint endpoint, String device, Throwable e) {
        Throwable cause = e instanceof DecoderException && e.getCause() != null ? e.getCause() : e;
        if (!(e instanceof DecoderException) || !endpoint.isConnected()) {
            LOG.debug("device {}: {}", device, e.toString());
            return;
        }
        boolean tooLarge = cause instanceof TooLongFrameException;
        String reason = tooLarge ? "a packet over this endpoint's maximum of " + config.maxMessageBytes() + " bytes"
                : "a malformed MQTT packet: " + cause.getMessage();
        LOG.warn("device {}: {}; disconnecting", device, reason);
        metrics.count("gmeye.devices.mqtt.disconnected", "reason", tooLarge ? "too_large" : "malformed");
        if (endpoint.protocolVersion() >= 5) {
            endpoint.disconnect(tooLarge ? MqttDisconnectReasonCode.PACKET_TOO_LARGE : MqttDisconnectReasonCode.MALFORMED_PACKET,
                    MqttRefusals.reason(reason));
        } else {
            endpoint.close();
        }
    }

    private void published(MqttDeviceSession session, MqttPublishMessage m) {
        Object token = m.qosLevel() == MqttQoS.AT_MOST_ONCE ? null : session.received(m.messageId(), m.qosLevel());
        CompletableFuture<Void> done;
        try {
            DeviceIngest.Kind kind = authorize(session, m.topicName());
            done = ingest.handle(session.device, kind, m.payload().getBytes(), "mqtt");
        } catch (GmeyeException e) {
            metrics.count("gmeye.devices.messages", "kind", "unknown", "transport", "mqtt", "outcome", "refused");
            done = CompletableFuture.failedFuture(e);
        }
        if (token == null) {
            return;
        }
        done.whenComplete((v, err) -> {
            GmeyeException e = err == null ? null : GmeyeException.of(err);
            if (context.isEventLoopContext() && io.vertx.core.Vertx.currentContext() == context) {
                session.settle(token, e);
            } else {
                context.runOnContext(x -> session.settle(token, e));
            }
        });
    }

    /** The topic must be this device's own telemetry, event or status topic. */
    private static DeviceIngest.Kind authorize(MqttDeviceSession session, String topic) {
        Topics.DeviceTopic t = Topics.parseDevice(topic).orElseThrow(() -> new GmeyeException(ErrorKind.TOPIC_INVALID,
                "topic '" + topic + "' is not dev/v1/{deviceId}/telemetry|event|status"));
        if (!t.device().equals(session.device.id())) {
            throw GmeyeException.forbidden(session.device.id() + " may not publish for " + t.device());
        }
        return switch (t.kind()) {
            case "telemetry" -> DeviceIngest.Kind.TELEMETRY;
            case "event" -> DeviceIngest.Kind.EVENT;
            case "status" -> DeviceIngest.Kind.STATUS;
            default -> throw GmeyeException.forbidden("devices subscribe to their cmd topic; they do not publish on it");
        };
    }

    private void subscribed(MqttDeviceSession session, MqttSubscribeMessage s) {
        List<MqttSubAckReasonCode> codes = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        boolean commands = false;
        for (MqttTopicSubscription sub : s.topicSubscriptions()) {
            if (sub.topicName().equals(Topics.deviceCommand(session.device.id()))) {
                MqttQoS q = sub.qualityOfService() == MqttQoS.AT_MOST_ONCE ? MqttQoS.AT_MOST_ONCE : MqttQoS.AT_LEAST_ONCE;
                session.commandQos = q;
                codes.add(MqttSubAckReasonCode.qosGranted(q));
                commands = true;
            } else {
                metrics.count("gmeye.devices.subscriptions", "outcome", "refused");
                codes.add(MqttSubAckReasonCode.NOT_AUTHORIZED);
                refused.add(sub.topicName());
            }
        }
        session.endpoint.subscribeAcknowledge(s.messageId(), codes, refused.isEmpty() || session.endpoint.protocolVersion() < 5 ? MqttProperties.NO_PROPERTIES
                : MqttRefusals.reason(session.device.id() + " may subscribe only to " + Topics.deviceCommand(session.device.id())
                        + ", not " + String.join(", ", refused)));
        if (commands) {
            links.becameReachable(session.device.id());
        }
    }

    @Override
    public boolean reachable(String deviceId) {
        MqttDeviceSession s = sessions.get(deviceId);
        return s != null && s.commandQos != null;
    }

    @Override
    public CompletableFuture<Void> send(String deviceId, byte[] payload) {
        MqttDeviceSession s = sessions.get(deviceId);
        CompletableFuture<Void> delivered = new CompletableFuture<>();
        if (s == null || s.commandQos == null) {
            delivered.completeExceptionally(GmeyeException.unavailable(deviceId + " is not subscribed to its cmd topic"));
            return delivered;
        }
        Runnable publish = () -> {
            MqttQoS q = s.commandQos == null ? MqttQoS.AT_MOST_ONCE : s.commandQos;
            s.endpoint.publish(Topics.deviceCommand(deviceId), Buffer.buffer(payload), q, false, false)
                    .onSuccess(id -> {
                        if (q == MqttQoS.AT_MOST_ONCE) {
                            delivered.complete(null);
                        } else {
                            s.commandPublished(id, delivered);
                        }
                    })
                    .onFailure(e -> delivered.completeExceptionally(GmeyeException.unavailable(deviceId + ": " + e.getMessage())));
        };
        if (io.vertx.core.Vertx.currentContext() == s.context) {
            publish.run();
        } else {
            s.context.runOnContext(v -> publish.run());
        }
        return delivered;
    }
}
