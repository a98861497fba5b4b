package io.gmeye.agent.uplink;

import io.gmeye.agent.outbox.OutboxRecord;
import io.gmeye.agent.outbox.Priority;
import io.gmeye.agent.outbox.RocksOutbox;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.platform.tls.PemSsl;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.clip.ClipChunk;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.protocols.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttActionListener;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttCallback;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.MqttDisconnectResponse;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.MqttPubAck;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drains the outbox to the hub over MQTT v5 (Paho), QoS 1. A bounded window of publishes awaits
 * PUBACK; small JSON records travel many to a batch publish; a record leaves the outbox only when
 * the hub acknowledged it (after its own durable write). The connection is ours to manage:
 * jittered exponential reconnects, and after a reconnect the backlog drains at a bounded rate.
 * Commands and other messages from the hub arrive on {@code gm/v1/{site}/down/#}.
 */
public final class MqttUplink implements DirectChannel, AutoCloseable {
    /** The MQTT v5 user property that carries the envelope of a binary publish. */
    public static final String ENVELOPE_PROPERTY = "gm-envelope";
    private static final Logger LOG = LoggerFactory.getLogger(MqttUplink.class);

    private final String site;
    private final UplinkConfig config;
    private final RocksOutbox outbox;
    private final CommandRouter commands;
    private final Map<MessageType, DownlinkHandler> downlink = new ConcurrentHashMap<>();
    private final Metrics metrics;
    private final Clock clock;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final Thread pump;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private final AtomicLong delivered = new AtomicLong();
    private volatile MqttAsyncClient client;
    private volatile boolean running = true;
    private volatile long connectedSince = -1;
    private volatile String lastError = "not connected yet";
    private String startAfter; // the hub node the next connect tries last (pump thread only)

    public MqttUplink(String site, UplinkConfig config, RocksOutbox outbox, CommandRouter commands, Metrics metrics, Clock clock) {
        this.site = site;
        this.config = config;
        this.outbox = outbox;
        this.commands = commands;
        this.metrics = metrics;
        this.clock = clock;
        this.pump = new Thread(this::run, "uplink-" + site);
        this.pump.setDaemon(true);
        outbox.onAppend(this::signal);
    }

    public void start() {
        pump.start();
    }

    public void onDownlink(MessageType type, DownlinkHandler handler) {
        downlink.put(type, handler);
    }

    @Override
    public boolean connected() {
        MqttAsyncClient c = client;
        return c != null && c.isConnected();
    }

    public long delivered() {
        return delivered.get();
    }

    public String lastError() {
        return lastError;
    }

    private void signal() {
        lock.lock();
        try {
            wake.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- the pump: connect, drain, reconnect ----

    private void run() {
        Backoff backoff = new Backoff(config.reconnectMin(), config.reconnectMax());
        while (running) {
            try {
                connect();
                backoff.reset();
                drainWhileConnected();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Exception e) {
                lastError = describe(e);
                // 0x89 server busy, 0x9F connection rate exceeded: the hub's admission limits; the jittered backoff below spreads us out
                boolean busy = e instanceof MqttException me && (me.getReasonCode() == 0x89 || me.getReasonCode() == 0x9F);
                metrics.count("gmeye.uplink.connects", "outcome", busy ? "busy" : "failed");
            }
            closeClient();
            if (!running) {
                return;
            }
            long delay = backoff.nextDelayMs();
            LOG.warn("hub {} not reachable ({}); retrying in {} ms", config.url(), lastError, delay);
            sleepQuietly(delay);
        }
    }

    private void connect() throws MqttException {
        List<String> urls = HubOrder.after(config.urls(), startAfter);
        // if this try fails, the next begins after the node this one began with: a node that takes TCP and never answers
        // (Paho waits the connect timeout on it and does not go on) cannot hold the agent
        startAfter = urls.get(0);
        MqttAsyncClient c = new MqttAsyncClient(urls.get(0), config.clientId() == null ? "agent-" + site : config.clientId(),
                new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        if (urls.size() > 1) {
            o.setServerURIs(urls.toArray(String[]::new)); // a cluster's nodes: Paho tries them in order until one takes us
        }
        o.setUserName(config.username() == null ? site : config.username());
        if (config.password() != null && !config.password().isEmpty()) {
            o.setPassword(config.password().getBytes(StandardCharsets.UTF_8));
        }
        o.setCleanStart(false);
        o.setSessionExpiryInterval(3600L);
        o.setAutomaticReconnect(false); // ours: jittered, with a minimum interval
        o.setKeepAliveInterval((int) config.keepAlive().toSeconds());
        o.setConnectionTimeout((int) Math.max(1, config.connectTimeout().toSeconds()));
        o.setReceiveMaximum(64);
        if (config.url().startsWith("ssl://")) {
            UplinkConfig.Tls tls = config.tls();
            o.setSocketFactory(PemSsl.context(tls == null || tls.ca() == null ? null : Path.of(tls.ca()),
                    tls == null || tls.cert() == null ? null : Path.of(tls.cert()),
                    tls == null || tls.key() == null ? null : Path.of(tls.key())).getSocketFactory());
            o.setHttpsHostnameVerificationEnabled(true);
        }
        c.setCallback(new Callbacks(c));
        c.setManualAcks(true); // a command from the hub is acknowledged once the agent has taken it (durably, where it keeps it)
        client = c;
        c.connect(o).waitForCompletion(config.connectTimeout().toMillis() + 1000);
        startAfter = c.getCurrentServerURI(); // connected: once this node is lost, the others come first
        c.subscribe(Topics.downFilter(site), 1).waitForCompletion(config.connectTimeout().toMillis());
        connectedSince = clock.millis();
        lastError = null;
        metrics.count("gmeye.uplink.connects", "outcome", "ok");
        LOG.info("connected to hub {} as site {}; outbox holds {} records", c.getCurrentServerURI(), site, outbox.depth());
    }

    private void drainWhileConnected() throws InterruptedException {
        Semaphore window = new Semaphore(config.inflight());
        TokenBucket rate = new TokenBucket(config.drainRate());
        Map<Priority, Long> cursors = new EnumMap<>(Priority.class); // everything above a cursor is unsent on this connection
        int maxPerRound = config.inflight() * config.batchMessages();
        while (running && connected()) {
            if (!window.tryAcquire(100, TimeUnit.MILLISECONDS)) {
                continue;
            }
            List<OutboxRecord> records = outbox.peek(cursors, Math.min(maxPerRound, config.batchMessages()));
            if (records.isEmpty()) {
                window.release();
                awaitWork();
                continue;
            }
            List<OutboxRecord> publish = takeOnePublish(records);
            rate.acquire(publish.size());
            for (OutboxRecord r : publish) {
                cursors.merge(r.priority(), r.seq(), Math::max);
            }
            if (!send(publish, window)) {
                return; // connection lost mid-send: reconnect; unacknowledged records are sent again
            }
        }
    }

    /** Consecutive JSON records up to the batch limits, or one binary record alone. */
    private List<OutboxRecord> takeOnePublish(List<OutboxRecord> records) {
        OutboxRecord first = records.get(0);
        if (first.binary() != null) {
            return List.of(first);
        }
        List<OutboxRecord> out = new ArrayList<>();
        long bytes = 0;
        for (OutboxRecord r : records) {
            if (r.binary() != null || out.size() >= config.batchMessages() || bytes + r.size() > config.batchBytes().bytes() && !out.isEmpty()) {
                break;
            }
            out.add(r);
            bytes += r.size() + 1;
        }
        return out;
    }

    private boolean send(List<OutboxRecord> records, Semaphore window) {
        OutboxRecord first = records.get(0);
        MqttMessage m;
        String topic;
        if (first.binary() != null) {
            topic = Topics.up(site, first.type());
            m = new MqttMessage(first.binary());
            MqttProperties p = new MqttProperties();
            p.setUserProperties(List.of(new UserProperty(ENVELOPE_PROPERTY, new String(first.envelope(), StandardCharsets.UTF_8))));
            p.setContentType("image/jpeg");
            m.setProperties(p);
        } else if (records.size() == 1) {
            topic = Topics.up(site, first.type());
            m = new MqttMessage(first.envelope());
        } else {
            topic = Topics.upBatch(site);
            List<byte[]> parts = new ArrayList<>(records.size());
            for (OutboxRecord r : records) {
                parts.add(r.envelope());
            }
            m = new MqttMessage(EnvelopeCodec.joinBatch(parts));
        }
        m.setQos(1);
        MqttAsyncClient c = client;
        if (c == null) {
            window.release();
            return false;
        }
        try {
            c.publish(topic, m, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    window.release();
                    settle(c, records, token, null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    window.release();
                    settle(c, records, token, e);
                }
            });
            return true;
        } catch (MqttException e) {
            window.release();
            lastError = describe(e);
            return false;
        }
    }

    /** PUBACK arrived: success removes the records from the outbox; a refusal keeps them (or drops a poison record, loudly). */
    private void settle(MqttAsyncClient c, List<OutboxRecord> records, IMqttToken token, Throwable error) {
        // Only a PUBACK proves the hub stored the records: Paho also completes a publish token without error
        // when it tears a connection down itself (a forcible disconnect), and then there is no response.
        boolean pubacked = error == null && token != null && token.getResponse() instanceof MqttPubAck;
        if (error == null && !pubacked) {
            error = new GmeyeException(ErrorKind.UNAVAILABLE, "the connection closed before the hub acknowledged");
        }
        int code = pubacked && token.getReasonCodes() != null && token.getReasonCodes().length > 0 ? token.getReasonCodes()[0] : 0;
        if (error == null && code < 0x80) {
            delivered.addAndGet(records.size());
            metrics.count("gmeye.uplink.delivered", records.size());
            String rejected = userProperty(token, "rejected");
            if (rejected != null) {
                LOG.error("hub refused records of a batch and will not store them: {}", rejected);
                metrics.count("gmeye.uplink.refused_by_hub", "reason", "invalid");
            }
            outbox.acknowledge(records);
            signal();
            return;
        }
        String reason = token != null && token.getResponseProperties() != null ? token.getResponseProperties().getReasonString() : null;
        if (error == null && (code == 0x99 || code == 0x95)) {
            // the hub will never take this record as it is: keep the rest of the stream moving, and say so
            LOG.error("hub refused {} {} for good (reason code 0x{}: {}); dropping it", records.size() == 1 ? "record" : "records",
                    records.get(0).seq(), Integer.toHexString(code), reason);
            metrics.count("gmeye.uplink.refused_by_hub", records.size(), "reason", "payload");
            outbox.acknowledge(records);
            return;
        }
        lastError = error != null ? describe(error) : "hub answered 0x" + Integer.toHexString(code) + (reason == null ? "" : ": " + reason);
        metrics.count("gmeye.uplink.publish_failures", "code", Integer.toHexString(code));
        LOG.warn("hub did not take {} records ({}); they stay in the outbox", records.size(), lastError);
        // the hub is refusing (full disk, overload): drop this connection so the records are resent after a backoff
        if (error == null && c == client && c.isConnected()) {
            try {
                c.disconnectForcibly(0, 100, false);
            } catch (MqttException ignored) {
                // reconnect follows either way
            }
        }
    }

    private static String userProperty(IMqttToken token, String key) {
        if (token == null || token.getResponseProperties() == null) {
            return null;
        }
        for (UserProperty p : token.getResponseProperties().getUserProperties()) {
            if (key.equals(p.getKey())) {
                return p.getValue();
            }
        }
        return null;
    }

    private void awaitWork() throws InterruptedException {
        lock.lock();
        try {
            wake.await(200, TimeUnit.MILLISECONDS);
        } finally {
            lock.unlock();
        }
    }

    // ---- direct sends (around the outbox) ----

    @Override
    public CompletableFuture<Void> send(Envelope<?> message, byte[] binary, int qos) {
        CompletableFuture<Void> f = new CompletableFuture<>();
        MqttAsyncClient c = client;
        if (c == null || !c.isConnected()) {
            f.completeExceptionally(new GmeyeException(ErrorKind.UNAVAILABLE, "the hub is not connected: " + lastError));
            return f;
        }
        byte[] env = codec.encode(message);
        MqttMessage m = new MqttMessage(binary != null ? binary : env);
        if (binary != null) {
            MqttProperties p = new MqttProperties();
            p.setUserProperties(List.of(new UserProperty(ENVELOPE_PROPERTY, new String(env, StandardCharsets.UTF_8))));
            p.setContentType(message.type() == MessageType.CLIP_CHUNK ? ClipChunk.CONTENT_TYPE : "image/jpeg");
            m.setProperties(p);
        }
        m.setQos(qos);
        try {
            c.publish(Topics.up(site, message.type()), m, null, new MqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    f.complete(null);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable e) {
                    f.completeExceptionally(new GmeyeException(ErrorKind.UNAVAILABLE, "send to hub failed: " + describe(e)));
                }
            });
        } catch (MqttException e) {
            f.completeExceptionally(new GmeyeException(ErrorKind.UNAVAILABLE, "send to hub failed: " + describe(e)));
        }
        return f;
    }

    // ---- from the hub ----

    private final class Callbacks implements MqttCallback {
        private final MqttAsyncClient c;

        Callbacks(MqttAsyncClient c) {
            this.c = c;
        }

        /** PUBACK to the hub. On a connection gone meanwhile the hub has failed the message already: nothing to do. */
        private void ack(MqttMessage message) {
            try {
                c.messageArrivedComplete(message.getId(), message.getQos());
            } catch (MqttException | RuntimeException e) {
                LOG.debug("could not acknowledge message {} from the hub: {}", message.getId(), e.getMessage());
            }
        }

        @Override
        public void disconnected(MqttDisconnectResponse r) {
            lastError = "disconnected by hub: " + (r.getReasonString() != null ? r.getReasonString() : "reason code " + r.getReturnCode());
            LOG.warn("{}", lastError);
            signal();
        }

        @Override
        public void mqttErrorOccurred(MqttException e) {
            lastError = describe(e);
        }

        @Override
        public void messageArrived(String topic, MqttMessage message) {
            try {
                Envelope<?> e = codec.decode(message.getPayload());
                if (e.type() == MessageType.COMMAND) {
                    Command cmd = (Command) e.body();
                    commands.run(cmd, result -> outbox.append(Envelope.create(site, "agent", result))).whenComplete((v, err) -> ack(message));
                } else {
                    DownlinkHandler h = downlink.get(e.type());
                    if (h == null) {
                        LOG.warn("no handler for {} from the hub on {}; ignored", e.type().wire(), topic);
                        ack(message);
                    } else {
                        h.handle(e).whenComplete((v, err) -> {
                            if (err != null) {
                                LOG.error("handling {} from the hub failed: {}", e.type().wire(), err.getMessage());
                            }
                            ack(message);
                        });
                    }
                }
            } catch (GmeyeException ex) {
                LOG.error("refused a message from the hub on {}: {}", topic, ex.getMessage());
                ack(message);
            } catch (RuntimeException ex) {
                // with manual acks, a message whose handler throws would never be acknowledged: it would hold a slot of
                // the hub's in-flight window and come back after every reconnect. Logged and acknowledged instead.
                LOG.error("a message from the hub on {} failed in its handler and is dropped: {}", topic, ex.toString(), ex);
                ack(message);
            }
        }

        @Override
        public void deliveryComplete(IMqttToken token) {
        }

        @Override
        public void connectComplete(boolean reconnect, String serverURI) {
        }

        @Override
        public void authPacketArrived(int reasonCode, MqttProperties properties) {
        }
    }

    // ---- plumbing ----

    private void closeClient() {
        MqttAsyncClient c = client;
        client = null;
        connectedSince = -1;
        if (c != null) {
            try {
                if (c.isConnected()) {
                    c.disconnectForcibly(0, 1000, false);
                }
                c.close(true);
            } catch (MqttException ignored) {
                // it is going away either way
            }
        }
    }

    private static String describe(Throwable e) {
        if (e instanceof MqttException me) {
            String m = me.getMessage();
            return (m == null ? "MQTT error" : m) + " (code " + me.getReasonCode() + (me.getCause() != null ? ", " + me.getCause().getMessage() : "") + ")";
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private static void sleepQuietly(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        running = false;
        signal();
        pump.interrupt();
        try {
            pump.join(3000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeClient();
    }
}
