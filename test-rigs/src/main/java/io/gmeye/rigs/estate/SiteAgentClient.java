package io.gmeye.rigs.estate;

import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.inspection.Snapshot;
import io.gmeye.protocols.topic.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.eclipse.paho.mqttv5.common.packet.MqttProperties;
import org.eclipse.paho.mqttv5.common.packet.UserProperty;

/**
 * Poses as a site's agent over real MQTT v5 (Paho): logs in with the site's credentials and
 * publishes envelopes at QoS 1 the way an agent's uplink does, stamping its own outbox sequence.
 * Snapshots travel as binary JPEG payloads with the envelope in the {@code gm-envelope} user property.
 */
public final class SiteAgentClient implements AutoCloseable {
    public static final String ENVELOPE_PROPERTY = "gm-envelope";
    private static final long WAIT_MS = 30_000;

    private final String site;
    private final MqttAsyncClient client;
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final AtomicLong seq = new AtomicLong();

    public SiteAgentClient(String url, String site, String secret) throws MqttException {
        this.site = site;
        this.client = new MqttAsyncClient(url, "rig-agent-" + site, new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(site);
        o.setPassword(secret.getBytes(StandardCharsets.UTF_8));
        o.setCleanStart(true);
        o.setAutomaticReconnect(false);
        o.setConnectionTimeout(10);
        client.connect(o).waitForCompletion(WAIT_MS);
    }

    public String site() {
        return site;
    }

    /**
     * Takes what the hub sends down ({@code gm/v1/{site}/down/#}: commands, configuration) as an
     * agent would: {@code onMessage} gets each decoded envelope; the PUBACK follows when it returns.
     */
    public SiteAgentClient onDownlink(java.util.function.Consumer<io.gmeye.protocols.envelope.Envelope<?>> onMessage) throws MqttException {
        client.setCallback(new org.eclipse.paho.mqttv5.client.MqttCallback() {
            @Override
            public void messageArrived(String topic, MqttMessage m) {
                onMessage.accept(codec.decode(m.getPayload()));
            }

            @Override
            public void disconnected(org.eclipse.paho.mqttv5.client.MqttDisconnectResponse r) {
            }

            @Override
            public void mqttErrorOccurred(MqttException e) {
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
        });
        client.subscribe(Topics.downFilter(site), 1).waitForCompletion(WAIT_MS);
        return this;
    }

    /** Publishes one envelope (stamped with the next sequence) and waits for the hub's PUBACK. */
    public <B extends Body> Envelope<B> publish(Envelope<B> e) throws MqttException {
        Envelope<B> stamped = e.withSeq(seq.incrementAndGet());
        MqttMessage m = new MqttMessage(codec.encode(stamped));
        m.setQos(1);
        check(client.publish(Topics.up(site, stamped.type()), m));
        return stamped;
    }

    /** Publishes many envelopes in one batch publish, as an agent's uplink drains its outbox. */
    public void publishBatch(List<Envelope<?>> envelopes) throws MqttException {
        List<byte[]> encoded = envelopes.stream().map(e -> codec.encode(e.withSeq(seq.incrementAndGet()))).toList();
        MqttMessage m = new MqttMessage(EnvelopeCodec.joinBatch(encoded));
        m.setQos(1);
        check(client.publish(Topics.upBatch(site), m));
    }

    /** Publishes a snapshot: the JPEG as payload, its envelope in a user property. */
    public Envelope<Snapshot> publishSnapshot(Envelope<Snapshot> e, byte[] jpeg) throws MqttException {
        Envelope<Snapshot> stamped = e.withSeq(seq.incrementAndGet());
        MqttMessage m = new MqttMessage(jpeg);
        m.setQos(1);
        MqttProperties props = new MqttProperties();
        props.setUserProperties(List.of(new UserProperty(ENVELOPE_PROPERTY, codec.encodeToString(stamped))));
        m.setProperties(props);
        check(client.publish(Topics.up(site, stamped.type()), m));
        return stamped;
    }

    private static void check(IMqttToken t) throws MqttException {
        t.waitForCompletion(WAIT_MS);
        int[] codes = t.getReasonCodes();
        if (codes != null) {
            for (int c : codes) {
                if (c >= 0x80) {
                    String why = t.getResponseProperties() == null ? null : t.getResponseProperties().getReasonString();
                    throw new IllegalStateException("the hub refused the publish: reason code 0x" + Integer.toHexString(c) + (why == null ? "" : " " + why));
                }
            }
        }
    }

    @Override
    public void close() {
        try {
            if (client.isConnected()) {
                client.disconnect().waitForCompletion(5_000);
            }
            client.close();
        } catch (MqttException e) {
            // closing anyway
        }
    }
}
