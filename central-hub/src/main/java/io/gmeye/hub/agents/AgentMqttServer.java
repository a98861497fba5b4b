package io.gmeye.hub.agents;

import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.ingest.IngestService;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.camera.LiveFrame;
import io.gmeye.protocols.clip.ClipChunk;
import io.gmeye.protocols.codec.BatchResult;
import io.gmeye.protocols.codec.Decoded;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.codec.WireException;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.topic.Topics;
import io.netty.handler.codec.mqtt.MqttConnectReturnCode;
import io.netty.handler.codec.mqtt.MqttProperties;
import io.netty.handler.codec.mqtt.MqttQoS;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.ClientAuth;
import io.vertx.core.net.PemKeyCertOptions;
import io.vertx.core.net.PemTrustOptions;
import io.vertx.mqtt.MqttEndpoint;
import io.vertx.mqtt.MqttServer;
import io.vertx.mqtt.MqttServerOptions;
import io.vertx.mqtt.messages.MqttPublishMessage;
import io.vertx.mqtt.messages.MqttSubscribeMessage;
import io.vertx.mqtt.messages.codes.MqttDisconnectReasonCode;
import io.vertx.mqtt.messages.codes.MqttSubAckReasonCode;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's MQTT endpoint for agents. Per publish: check the topic, authorize the site, decode
 * and validate, store, and only then PUBACK, in order. A refusal carries an MQTT v5 reason code
 * and a reason string, and is logged naming the problem; the connection stays up.
 */
public final class AgentMqttServer extends VerticleBase {
    private static final Logger LOG = LoggerFactory.getLogger(AgentMqttServer.class);
    public static final String ENVELOPE_PROPERTY = "gm-envelope";
    private static final int MAX_SNAPSHOT_BYTES = 4 * 1024 * 1024;

    private final HubConfig.MqttSection config;
    private final SiteCredentials credentials;
    private final AgentSessions sessions;
    private final IngestService ingest;
    private final Metrics metrics;
    private final Clock clock;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private MqttServer server;
    private Admission admission;
    private long turnedAwayRate; // event-loop confined, like every connect of this verticle
    private long turnedAwayBusy;
    private long turnedAwayLoggedAt = Long.MIN_VALUE / 2;
    private volatile BiConsumer<Envelope<LiveFrame>, byte[]> liveFrames = (header, jpeg) -> { };
    private volatile BiConsumer<Envelope<ClipChunk>, byte[]> clipChunks = (header, bytes) -> { };

    public AgentMqttServer(HubConfig.MqttSection config, SiteCredentials credentials, AgentSessions sessions, IngestService ingest,
                           Metrics metrics, Clock clock) {
        this.config = config;
        this.credentials = credentials;
        this.sessions = sessions;
        this.ingest = ingest;
        this.metrics = metrics;
        this.clock = clock;
    }

    /** Where pieces of event clips go (the clip cache); they are not stored in the log. */
    public void onClipChunk(BiConsumer<Envelope<ClipChunk>, byte[]> sink) {
        this.clipChunks = sink;
    }

    /** Where live-view frames go (the live relay); they are not stored. */
    public void onLiveFrame(BiConsumer<Envelope<LiveFrame>, byte[]> sink) {
        this.liveFrames = sink;
    }

    @Override
    public Future<?> start() {
        admission = new Admission(vertx, config.limits(), clock, metrics);
        MqttServerOptions o = new MqttServerOptions().setHost(config.host()).setPort(config.port())
                .setMaxMessageSize(config.maxMessageBytes()).setTimeoutOnConnect(10);
        if (config.tls() != null) {
            o.setSsl(true).setKeyCertOptions(new PemKeyCertOptions().setCertPath(config.tls().cert()).setKeyPath(config.tls().key()));
            if (config.tls().clientCa() != null) {
                o.setTrustOptions(new PemTrustOptions().addCertPath(config.tls().clientCa())).setClientAuth(ClientAuth.REQUIRED);
            }
        }
        server = MqttServer.create(vertx, o).endpointHandler(this::connect)
                .exceptionHandler(e -> LOG.debug("MQTT connection error: {}", e.toString()));
        return server.listen().onSuccess(s -> LOG.info("agents connect to mqtt{}://{}:{}", config.tls() != null ? "s" : "",
                config.host(), s.actualPort()));
    }

    public int actualPort() {
        return server.actualPort();
    }

    @Override
    public Future<?> stop() {
        if (admission != null) {
            admission.close();
        }
        return server == null ? Future.succeededFuture() : server.close();
    }

    // ---- connect: identify, admit, authenticate, take over, accept ----

    private void connect(MqttEndpoint endpoint) {
        String user = endpoint.auth() == null ? null : endpoint.auth().getUsername();
        String secret = endpoint.auth() == null ? null : endpoint.auth().getPassword();
        boolean v5 = endpoint.protocolVersion() >= 5;
        // with mutual TLS the certificate names the site; a username may only repeat it
        String certSite = endpoint.isSsl() ? ClientCertificates.site(endpoint.sslSession()) : null;
        if (certSite != null && user != null && !user.isEmpty() && !user.equals(certSite)) {
            refuseConnect(endpoint, "forbidden", MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED_5,
                    "the client certificate is for site " + certSite + ", not " + user, v5);
            return;
        }
        String site = certSite != null ? certSite : user;
        boolean known = credentials.known(site);
        Optional<Admission.Refusal> refusal = admission.admit();
        if (refusal.isPresent()) {
            refuseConnect(endpoint, "rate", refusal.get().code(), refusal.get().reason(), v5);
            return;
        }
        if (!known) {
            refuseConnect(endpoint, "refused", MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD,
                    "unknown site '" + site + "'", v5);
            return;
        }
        if ((certSite != null && secret == null) || credentials.verifiedBefore(site, secret)) {
            accept(endpoint, site, v5); // a valid certificate is enough; a secret seen before costs one hash
            return;
        }
        admission.check(() -> credentials.verify(site, secret)).onComplete(r -> {
            if (r.failed() && r.cause() instanceof Admission.Busy) {
                Admission.Refusal busy = admission.busy();
                refuseConnect(endpoint, "busy", busy.code(), busy.reason(), v5);
            } else if (r.failed() || !r.result()) {
                refuseConnect(endpoint, "refused", MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD,
                        "wrong secret for site " + site, v5);
            } else {
                accept(endpoint, site, v5);
            }
        });
    }

    private void refuseConnect(MqttEndpoint endpoint, String outcome, MqttConnectReturnCode code, String reason, boolean v5) {
        metrics.count("gmeye.agents.connects", "outcome", outcome);
        if ("rate".equals(outcome) || "busy".equals(outcome)) {
            LOG.debug("turned away agent connection from {}: {}", endpoint.remoteAddress(), reason);
            turnedAway("busy".equals(outcome));
        } else {
            LOG.warn("refused agent connection from {}: {}", endpoint.remoteAddress(), reason);
        }
        if (v5) {
            endpoint.reject(code, MqttProps.reason(reason));
        } else {
            endpoint.reject(switch (code) {
                case CONNECTION_REFUSED_BAD_USERNAME_OR_PASSWORD -> MqttConnectReturnCode.CONNECTION_REFUSED_BAD_USER_NAME_OR_PASSWORD;
                case CONNECTION_REFUSED_NOT_AUTHORIZED_5 -> MqttConnectReturnCode.CONNECTION_REFUSED_NOT_AUTHORIZED;
                default -> MqttConnectReturnCode.CONNECTION_REFUSED_SERVER_UNAVAILABLE;
            });
        }
    }

    /** A storm must not flood the log: one line per ten seconds says how many were turned away and why. */
    private void turnedAway(boolean busy) {
        if (busy) {
            turnedAwayBusy++;
        } else {
            turnedAwayRate++;
        }
        long now = clock.millis();
        if (now - turnedAwayLoggedAt >= 10_000) {
            LOG.warn("turned away {} agent connections since the last report ({} over the connection rate, {} while credential checks were busy);"
                    + " they back off and retry", turnedAwayRate + turnedAwayBusy, turnedAwayRate, turnedAwayBusy);
            turnedAwayLoggedAt = now;
            turnedAwayRate = 0;
            turnedAwayBusy = 0;
        }
    }

    private void accept(MqttEndpoint endpoint, String site, boolean v5) {
        Optional<Admission.Refusal> flood = admission.admitSite(site);
        if (flood.isPresent()) {
            refuseConnect(endpoint, "site_rate", flood.get().code(), flood.get().reason(), v5);
            return;
        }
        AgentSession session = new AgentSession(site, endpoint, clock.millis());
        sessions.register(session, context).ifPresent(old -> {
            LOG.warn("site {}: a new connection from {} takes over the session of {}", site, session.remote(), old.remote());
            metrics.count("gmeye.agents.takeovers");
            old.closed();
            if (old.endpoint().protocolVersion() >= 5) {
                old.endpoint().disconnect(MqttDisconnectReasonCode.SESSION_TAKEN_OVER, MqttProps.reason("another connection for site " + site));
            } else {
                old.endpoint().close();
            }
        });
        OrderedAcks acks = new OrderedAcks(endpoint);
        PublishGuard guard = new PublishGuard(site, endpoint, config, clock, metrics);
        endpoint.publishAutoAck(false);
        endpoint.publishHandler(m -> {
            if (guard.admit(m, acks.waiting())) {
                onPublish(site, endpoint, acks, m);
            } else if (m.qosLevel() == MqttQoS.AT_LEAST_ONCE) {
                acks.next(m.messageId()).refuse(ErrorKind.RATE_LIMITED, guard.reason());
            }
        });
        endpoint.subscribeHandler(s -> onSubscribe(site, endpoint, s));
        endpoint.unsubscribeHandler(u -> endpoint.unsubscribeAcknowledge(u.messageId()));
        endpoint.pingHandler(v -> { });
        endpoint.exceptionHandler(e -> guard.failed(e));
        endpoint.closeHandler(v -> {
            session.closed();
            sessions.unregisterIfCurrent(session);
            LOG.info("site {}: agent at {} disconnected", site, session.remote());
        });
        MqttProperties props = new MqttProperties();
        if (v5) {
            props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.MAXIMUM_QOS.value(), 1));
            props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RETAIN_AVAILABLE.value(), 0));
            props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.RECEIVE_MAXIMUM.value(),
                    Math.min(65_535, config.limits().maxAwaitingAck())));
            props.add(new MqttProperties.IntegerProperty(MqttProperties.MqttPropertyType.MAXIMUM_PACKET_SIZE.value(), config.maxMessageBytes()));
        }
        endpoint.accept(false, props);
        metrics.count("gmeye.agents.connects", "outcome", "accepted");
        LOG.info("site {}: agent connected from {} (MQTT {})", site, session.remote(), v5 ? "5" : "3.1.1");
    }

    private void onSubscribe(String site, MqttEndpoint endpoint, MqttSubscribeMessage s) {
        List<MqttSubAckReasonCode> codes = new ArrayList<>();
        List<String> refused = new ArrayList<>();
        s.topicSubscriptions().forEach(t -> {
            boolean own = t.topicName().equals(Topics.downFilter(site)) || Topics.parseDown(t.topicName()).map(d -> d.site().equals(site)).orElse(false);
            codes.add(own ? MqttSubAckReasonCode.GRANTED_QOS1 : MqttSubAckReasonCode.NOT_AUTHORIZED);
            if (!own) {
                LOG.warn("site {}: refused subscription to {}", site, t.topicName());
                refused.add(t.topicName());
            }
        });
        endpoint.subscribeAcknowledge(s.messageId(), codes, refused.isEmpty() || endpoint.protocolVersion() < 5 ? MqttProperties.NO_PROPERTIES
                : MqttProps.reason("site " + site + " may subscribe only to its own downlink " + Topics.downFilter(site) + ", not "
                        + String.join(", ", refused)));
    }

    // ---- publish: topic -> authorize -> decode -> store -> acknowledge ----

    private void onPublish(String site, MqttEndpoint endpoint, OrderedAcks acks, MqttPublishMessage m) {
        if (m.qosLevel() == MqttQoS.EXACTLY_ONCE) {
            endpoint.disconnect(MqttDisconnectReasonCode.QOS_NOT_SUPPORTED, MqttProps.reason("this hub takes QoS 0 and 1"));
            return;
        }
        OrderedAcks.Slot slot = m.qosLevel() == MqttQoS.AT_LEAST_ONCE ? acks.next(m.messageId()) : null;
        long arrived = System.nanoTime();
        CompletableFuture<MqttProperties> done;
        try {
            done = handle(site, m, arrived);
        } catch (GmeyeException e) {
            done = CompletableFuture.failedFuture(e);
        }
        done.whenComplete((props, err) -> context.runOnContext(v -> {
            if (err == null) {
                if (slot != null) {
                    slot.ok(props);
                }
                return;
            }
            GmeyeException e = GmeyeException.of(err instanceof java.util.concurrent.CompletionException ? err.getCause() : err);
            metrics.count("gmeye.agents.publishes", "outcome", e.kind().name().toLowerCase());
            if (e.kind().clientError()) {
                LOG.warn("site {}: refused publish on {}: {}", site, m.topicName(), e.reason());
            } else {
                LOG.error("site {}: could not store publish on {}: {}", site, m.topicName(), e.reason());
            }
            if (slot != null) {
                slot.refuse(e.kind(), e.reason());
            }
        }));
    }

    private CompletableFuture<MqttProperties> handle(String site, MqttPublishMessage m, long arrived) {
        Topics.Up up = Topics.parseUp(m.topicName()).orElseThrow(() -> new GmeyeException(ErrorKind.TOPIC_INVALID,
                "topic '" + m.topicName() + "' is not gm/v1/{site}/up/{type} with a known type"));
        if (!up.site().equals(site)) {
            throw new GmeyeException(ErrorKind.FORBIDDEN, "site " + site + " may not publish as site " + up.site());
        }
        byte[] payload = m.payload().getBytes();
        if (up.batch()) {
            BatchResult batch = codec.decodeBatch(payload);
            List<Decoded> own = new ArrayList<>(batch.accepted().size());
            List<String> refused = new ArrayList<>();
            batch.rejected().forEach(r -> refused.add((r.id() == null ? "#" + r.index() : r.id()) + ": " + r.reason()));
            for (Decoded d : batch.accepted()) {
                if (d.envelope().site().equals(site)) {
                    own.add(d);
                } else {
                    refused.add(d.envelope().id() + ": site " + d.envelope().site() + " does not match the connection's site " + site);
                }
            }
            if (!refused.isEmpty()) {
                metrics.count("gmeye.agents.batch_refused", refused.size(), "site", site);
                LOG.warn("site {}: refused {} records of a batch: {}", site, refused.size(), refused.stream().limit(5).collect(Collectors.joining("; ")));
            }
            MqttProperties props = refused.isEmpty() ? MqttProperties.NO_PROPERTIES
                    : MqttProps.withUser(new MqttProperties(), "rejected", String.join("; ", refused.subList(0, Math.min(20, refused.size()))));
            return ingest.store(own).thenApply(s -> counted(s, props, arrived));
        }
        if (up.type().binary()) {
            String header = MqttProps.userProperty(m.properties(), ENVELOPE_PROPERTY);
            if (header == null) {
                throw WireException.bad("a " + up.type().wire() + " publish carries its envelope in the user property " + ENVELOPE_PROPERTY);
            }
            Decoded d = codec.decode(header.getBytes(StandardCharsets.UTF_8), up.type());
            checkSite(site, d);
            if (up.type() == MessageType.CLIP_CHUNK) {
                if (payload.length > MAX_SNAPSHOT_BYTES) {
                    throw new WireException(ErrorKind.TOO_LARGE, "clip chunk is " + payload.length + " bytes, over the " + MAX_SNAPSHOT_BYTES
                            + "-byte limit");
                }
                clipChunks.accept(d.envelope().as(ClipChunk.class), payload); // to the clip cache, never stored in the log
                return CompletableFuture.completedFuture(MqttProperties.NO_PROPERTIES);
            }
            checkJpeg(payload);
            if (up.type() == MessageType.LIVE_FRAME) {
                liveFrames.accept(d.envelope().as(LiveFrame.class), payload); // relayed to viewers, never stored
                return CompletableFuture.completedFuture(MqttProperties.NO_PROPERTIES);
            }
            return ingest.storeBinary(d, payload).thenApply(s -> counted(s, MqttProperties.NO_PROPERTIES, arrived));
        }
        Decoded d = codec.decode(payload, up.type());
        checkSite(site, d);
        return ingest.store(List.of(d)).thenApply(s -> counted(s, MqttProperties.NO_PROPERTIES, arrived));
    }

    /** A publish made durable (embedded: in the store; in a cluster: in Kafka): counted, and its ingest lag (PUBLISH received to durable, the PUBACK's wait) kept. */
    private MqttProperties counted(Void accepted, MqttProperties props, long arrived) {
        metrics.count("gmeye.agents.publishes", "outcome", "stored");
        metrics.latency("gmeye.ingest.lag", System.nanoTime() - arrived);
        return props;
    }

    private static void checkSite(String site, Decoded d) {
        if (!d.envelope().site().equals(site)) {
            throw new GmeyeException(ErrorKind.FORBIDDEN, "site: the envelope says " + d.envelope().site() + " but the connection is site " + site);
        }
        if (d.envelope().type().direction() != MessageType.Direction.UP) {
            throw WireException.bad("type: " + d.envelope().type().wire() + " goes from the hub to agents, not up");
        }
    }

    private static void checkJpeg(byte[] payload) {
        if (payload.length > MAX_SNAPSHOT_BYTES) {
            throw new WireException(ErrorKind.TOO_LARGE, "snapshot is " + payload.length + " bytes, over the " + MAX_SNAPSHOT_BYTES + "-byte limit");
        }
        if (payload.length < 4 || (payload[0] & 0xFF) != 0xFF || (payload[1] & 0xFF) != 0xD8) {
            throw WireException.bad("snapshot payload is not a JPEG (no FFD8 start marker)");
        }
    }
}
