package io.gmeye.hub.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.testing.TestHub;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.topic.Topics;
import io.gmeye.rigs.mqtt.MqttPacket;
import io.gmeye.rigs.mqtt.RawMqttClient;
import io.gmeye.rigs.wire.Samples;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Walks every MQTT topic pattern of the hub (gm/v1/{site}/up/{type} for each type, .../up/batch,
 * gm/v1/{site}/down/{command}, and names outside the tree) and proves that nothing is written
 * without valid credentials, that one site's credentials cannot publish as another site (by topic,
 * by envelope, inside a batch, or as a snapshot header), and that no site can subscribe to another
 * site's downlink or to anyone's uplink. Each attempt must be answered with a refusal code and
 * leave nothing in the store.
 */
class SecurityWalkIT {
    @TempDir
    static Path dir;
    static Hub hub;
    final EnvelopeCodec codec = new EnvelopeCodec();

    @BeforeAll
    static void start() throws Exception {
        // the walk connects site-a dozens of times: lift the take-over flood guard, which AgentLimitsIT covers
        hub = TestHub.start(dir.resolve("hub"), new HubConfig.MqttSection("127.0.0.1", 0, null, null,
                new HubConfig.Limits(null, null, null, null, 10_000, null, null)), TestHub.site("site-a", "secret-a"), TestHub.site("site-b", "secret-b"));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    private boolean stored(Envelope<?> e) {
        return hub.store().get(Space.MESSAGES, Keys.bytes(e.id())) != null;
    }

    /** Every topic an agent could try, each with a valid envelope of site-b that site-a's connection tries to push. */
    private List<String> topicsAsSiteB() {
        List<String> topics = new ArrayList<>();
        for (MessageType t : Samples.upTypes()) {
            topics.add(Topics.up("site-b", t));
        }
        topics.add(Topics.upBatch("site-b"));
        return topics;
    }

    private byte[] payloadFor(String topic, Envelope<?> e) {
        return topic.endsWith("/batch") ? EnvelopeCodec.joinBatch(List.of(codec.encode(e))) : codec.encode(e);
    }

    private static MessageType typeOf(String topic) {
        String last = topic.substring(topic.lastIndexOf('/') + 1);
        return MessageType.fromWire(last).orElse(MessageType.DEVICE_TELEMETRY);
    }

    @Test
    void withoutValidCredentialsNoTopicAcceptsAWrite() throws Exception {
        String[][] identities = {{null, null}, {"site-a", null}, {"site-a", "wrong"}, {"site-a", ""}, {"nobody", "secret-a"}, {"", ""},
            {"site-a/../site-b", "secret-a"}, {"#", "x"}};
        int packetId = 1;
        for (String[] who : identities) {
            for (String topic : topicsAsSiteB()) {
                String ownTopic = topic.replace("site-b", "site-a");
                Envelope<?> e = Samples.envelope("site-a", typeOf(topic), packetId);
                try (RawMqttClient c = RawMqttClient.connect("127.0.0.1", hub.mqttPort(), "walk-" + packetId, who[0], who[1])) {
                    MqttPacket.Received ack = c.await(MqttPacket.CONNACK, 5000);
                    assertThat(ack).as("a CONNACK for %s/%s", who[0], who[1]).isNotNull();
                    assertThat(ack.reasonCode()).as("refused: %s/%s", who[0], who[1]).isIn(0x86, 0x87);
                    assertThat(ack.reasonString()).as("why %s/%s was refused", who[0], who[1]).isNotBlank();
                    // a client that ignores the refusal and publishes anyway
                    try {
                        c.send(MqttPacket.publish(ownTopic, 1, packetId, payloadFor(ownTopic, e), MqttPacket.ENVELOPE_PROPERTY, codec.encodeToString(e)));
                    } catch (IOException closed) {
                        // the hub closed first: fine
                    }
                    assertThat(c.closedByServer(3000)).isTrue();
                }
                assertThat(stored(e)).as("nothing stored from %s/%s on %s", who[0], who[1], ownTopic).isFalse();
                packetId++;
            }
        }
    }

    @Test
    void aPublishBeforeConnectIsNeverStored() throws Exception {
        Envelope<?> e = Samples.envelope("site-a", MessageType.DEVICE_TELEMETRY, 1);
        try (RawMqttClient c = RawMqttClient.open("127.0.0.1", hub.mqttPort())) {
            c.send(MqttPacket.publish(Topics.up("site-a", MessageType.DEVICE_TELEMETRY), 1, 1, codec.encode(e)));
            assertThat(c.closedByServer(12_000)).isTrue();
        }
        assertThat(stored(e)).isFalse();
    }

    @Test
    void oneSitesCredentialsCannotPublishAsAnotherSiteOnAnyTopic() throws Exception {
        try (RawMqttClient a = RawMqttClient.connect("127.0.0.1", hub.mqttPort(), "walk-a", "site-a", "secret-a")) {
            assertThat(a.await(MqttPacket.CONNACK, 5000).reasonCode()).isZero();
            int id = 1;
            List<Envelope<?>> attempts = new ArrayList<>();
            for (String topic : topicsAsSiteB()) {
                MessageType type = typeOf(topic);
                Envelope<?> asB = Samples.envelope("site-b", type, id);
                attempts.add(asB);
                // 1. site-b's topic
                a.send(MqttPacket.publish(topic, 1, id, type.binary() ? Samples.JPEG : payloadFor(topic, asB),
                        MqttPacket.ENVELOPE_PROPERTY, codec.encodeToString(asB)));
                assertThat(a.await(MqttPacket.PUBACK, 5000).reasonCode()).as("as site-b on %s", topic).isEqualTo(0x87);
                id++;
                // 2. its own topic, but an envelope (or a snapshot header, or a batch member) that says site-b
                String own = topic.replace("site-b", "site-a");
                Envelope<?> inside = Samples.envelope("site-b", type, id);
                attempts.add(inside);
                a.send(MqttPacket.publish(own, 1, id, type.binary() ? Samples.JPEG : payloadFor(own, inside),
                        MqttPacket.ENVELOPE_PROPERTY, codec.encodeToString(inside)));
                MqttPacket.Received ack = a.await(MqttPacket.PUBACK, 5000);
                if (own.endsWith("/batch")) {
                    assertThat(ack.reasonCode()).as("a batch is answered per record").isZero();
                } else {
                    assertThat(ack.reasonCode()).as("envelope of site-b on %s", own).isEqualTo(0x87);
                    assertThat(ack.reasonString()).contains("site-b");
                }
                id++;
            }
            for (Envelope<?> e : attempts) {
                assertThat(stored(e)).as("%s of site %s stored through site-a", e.type().wire(), e.site()).isFalse();
            }
        }
    }

    @Test
    void topicsOutsideTheAgentsUplinkTakeNothing() throws Exception {
        int id = 1;
        for (String topic : List.of(Topics.down("site-b", "open"), Topics.down("site-a", "open"), "gm/v1/site-b/up", "gm/v1/+/up/device.telemetry",
                "gm/v1/site-a/up/#", "#", "$SYS/broker", "dev/v1/turnstile-1/cmd", "gm/v2/site-a/up/device.telemetry", "gm/v1/site-a/up/command",
                "gm/v1/site-a/up/device.telemetry/x", "")) {
            Envelope<?> e = Samples.envelope("site-a", MessageType.DEVICE_TELEMETRY, id);
            try (RawMqttClient a = RawMqttClient.connect("127.0.0.1", hub.mqttPort(), "walk-t" + id, "site-a", "secret-a")) {
                assertThat(a.await(MqttPacket.CONNACK, 5000).reasonCode()).isZero();
                a.send(MqttPacket.publish(topic, 1, id, codec.encode(e)));
                MqttPacket.Received answer;
                try {
                    answer = a.read(5000);
                } catch (IOException closed) {
                    answer = null; // a wildcard in a topic name is a protocol error: the hub may just close
                }
                if (answer != null && answer.type() == MqttPacket.PUBACK) {
                    assertThat(answer.reasonCode()).as("publish to '%s'", topic).isIn(0x87, 0x90);
                    assertThat(answer.reasonString()).isNotBlank();
                } else if (answer != null) {
                    assertThat(answer.type()).as("publish to '%s' answered by %s", topic, answer).isEqualTo(MqttPacket.DISCONNECT);
                    assertThat(answer.reasonCode()).isGreaterThanOrEqualTo(0x80);
                }
            }
            assertThat(stored(e)).as("stored via '%s'", topic).isFalse();
            id++;
        }
    }

    @Test
    void noSiteCanSubscribeToAnotherSitesDownlinkOrToAnyUplink() throws Exception {
        try (RawMqttClient a = RawMqttClient.connect("127.0.0.1", hub.mqttPort(), "walk-sub", "site-a", "secret-a")) {
            assertThat(a.await(MqttPacket.CONNACK, 5000).reasonCode()).isZero();
            int id = 1;
            for (String filter : List.of(Topics.downFilter("site-b"), "gm/v1/site-b/down/open", "gm/v1/+/down/#", "gm/v1/#", "#", "+/+/+/+/+",
                    "gm/v1/site-b/up/#", "gm/v1/site-a/up/#", Topics.UP_FILTER, "$SYS/#", "$share/g/gm/v1/site-b/down/#")) {
                a.send(MqttPacket.subscribe(id, filter, 1));
                MqttPacket.Received ack = a.await(MqttPacket.SUBACK, 5000);
                assertThat(ack.subackCodes()).as("subscribe %s", filter).containsExactly(0x87);
                assertThat(ack.reasonString()).as("why %s was refused", filter)
                        .isEqualTo("site site-a may subscribe only to its own downlink gm/v1/site-a/down/#, not " + filter);
                id++;
            }
            a.send(MqttPacket.subscribe(id, Topics.downFilter("site-a"), 1));
            assertThat(a.await(MqttPacket.SUBACK, 5000).subackCodes()).as("its own downlink").containsExactly(1);
        }
    }

    @Test
    void theEnvelopePropertyNameIsTheHubs() {
        assertThat(MqttPacket.ENVELOPE_PROPERTY).isEqualTo(io.gmeye.hub.agents.AgentMqttServer.ENVELOPE_PROPERTY);
        assertThat(new String(Samples.JPEG, 0, 2, StandardCharsets.ISO_8859_1)).isEqualTo("\u00FF\u00D8");
    }
}
