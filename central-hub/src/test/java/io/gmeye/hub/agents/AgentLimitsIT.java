package io.gmeye.hub.agents;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.hub.testing.TestHub;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.topic.Topics;
import io.gmeye.rigs.mqtt.MqttPacket;
import io.gmeye.rigs.mqtt.RawMqttClient;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Limits against abuse at the agents' endpoint, driven by a raw MQTT client that ignores what
 * the hub advertises: oversize packets, publish floods, ignoring the receive maximum, and one
 * site's credentials connecting over and over. Each is refused with its MQTT v5 reason code and
 * a reason string, and the hub goes on serving a well-behaved connection.
 */
class AgentLimitsIT {
    private static final String TOPIC = Topics.up("site-a", MessageType.DEVICE_TELEMETRY);

    @TempDir
    Path dir;
    private final EnvelopeCodec codec = new EnvelopeCodec();

    private Hub hub(Integer maxMessageBytes, HubConfig.Limits limits) throws Exception {
        return TestHub.start(dir.resolve("hub"), new HubConfig.MqttSection("127.0.0.1", 0, null, maxMessageBytes, limits),
                TestHub.site("site-a", "secret-a"), TestHub.site("site-b", "secret-b"));
    }

    private static HubConfig.Limits limits(Integer siteConnectsPerMinute, Integer publishesPerSecond, Integer maxAwaitingAck) {
        return new HubConfig.Limits(null, null, null, null, siteConnectsPerMinute, publishesPerSecond, maxAwaitingAck);
    }

    private RawMqttClient connect(Hub hub, String site) throws Exception {
        RawMqttClient c = RawMqttClient.connect("127.0.0.1", hub.mqttPort(), "raw-" + site + "-" + System.nanoTime(), site,
                "secret-" + site.substring(site.length() - 1));
        // a bound, not a pace: the credential check (PBKDF2) can take seconds on a loaded 2-core box
        MqttPacket.Received ack = c.await(MqttPacket.CONNACK, 30_000);
        assertThat(ack).as("a CONNACK").isNotNull();
        assertThat(ack.reasonCode()).as("CONNACK " + ack).isZero();
        return c;
    }

    private Envelope<DeviceTelemetry> telemetry(int i) {
        return Envelope.create("site-a", "meter-1", new DeviceTelemetry("meter-1", "water_meter", null, Map.of("litres", i)));
    }

    /** A healthy connection of the other site still gets its publish stored and acknowledged. */
    private void bystanderStillServed(Hub hub) throws Exception {
        try (RawMqttClient b = connect(hub, "site-b")) {
            Envelope<DeviceTelemetry> e = Envelope.create("site-b", "meter-2", new DeviceTelemetry("meter-2", "water_meter", null, Map.of("litres", 1)));
            b.send(MqttPacket.publish(Topics.up("site-b", MessageType.DEVICE_TELEMETRY), 1, 7, codec.encode(e)));
            MqttPacket.Received ack = b.await(MqttPacket.PUBACK, 5000);
            assertThat(ack.reasonCode()).isZero();
            assertThat(hub.store().get(Space.MESSAGES, Keys.bytes(e.id()))).isNotNull();
        }
    }

    @Test
    void aPacketOverTheSizeLimitIsAnsweredWithDisconnect0x95AndAReason() throws Exception {
        Hub hub = hub(64 * 1024, null);
        try (RawMqttClient c = connect(hub, "site-a")) {
            c.send(MqttPacket.publish(TOPIC, 1, 1, new byte[100 * 1024]));
            MqttPacket.Received d = c.await(MqttPacket.DISCONNECT, 5000);
            assertThat(d).as("a DISCONNECT, not silence").isNotNull();
            assertThat(d.reasonCode()).isEqualTo(0x95);
            assertThat(d.reasonString()).contains("65536 bytes");
            assertThat(c.closedByServer(5000)).isTrue();
            bystanderStillServed(hub);
        } finally {
            hub.close();
        }
    }

    @Test
    void publishesOverTheRateAreRefusedWithQuotaExceededThenAFloodIsDisconnectedWith0x96() throws Exception {
        Hub hub = hub(null, limits(null, 20, null)); // 20 a second, 40 saved up
        try (RawMqttClient c = connect(hub, "site-a")) {
            List<Envelope<DeviceTelemetry>> sent = new ArrayList<>();
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 1; i <= 60; i++) {
                Envelope<DeviceTelemetry> e = telemetry(i);
                sent.add(e);
                burst.writeBytes(MqttPacket.publish(TOPIC, 1, i, codec.encode(e)));
            }
            c.send(burst.toByteArray());
            int ok = 0;
            int limited = 0;
            String reason = null;
            for (int i = 0; i < 60; i++) {
                MqttPacket.Received ack = c.await(MqttPacket.PUBACK, 5000);
                assertThat(ack.packetId()).as("PUBACKs in publish order").isEqualTo(i + 1);
                if (ack.reasonCode() == 0) {
                    ok++;
                    assertThat(hub.store().get(Space.MESSAGES, Keys.bytes(sent.get(i).id()))).isNotNull();
                } else {
                    assertThat(ack.reasonCode()).as("quota exceeded: PUBACK cannot carry 0x96").isEqualTo(0x97);
                    assertThat(hub.store().get(Space.MESSAGES, Keys.bytes(sent.get(i).id()))).isNull();
                    limited++;
                    reason = ack.reasonString();
                }
            }
            assertThat(ok).isBetween(40, 50);
            assertThat(limited).isEqualTo(60 - ok);
            assertThat(reason).contains("message rate too high").contains("20 publishes a second");

            Thread.sleep(1_100); // the bucket refills: the same connection may publish again
            c.send(MqttPacket.publish(TOPIC, 1, 100, codec.encode(telemetry(100))));
            assertThat(c.await(MqttPacket.PUBACK, 5000).reasonCode()).isZero();

            burst.reset();
            for (int i = 0; i < 300; i++) {
                burst.writeBytes(MqttPacket.publish(TOPIC, 1, 200 + i, codec.encode(telemetry(i))));
            }
            c.send(burst.toByteArray());
            MqttPacket.Received d = c.await(MqttPacket.DISCONNECT, 5000);
            assertThat(d.reasonCode()).isEqualTo(0x96);
            assertThat(d.reasonString()).contains("kept publishing");
            bystanderStillServed(hub);
        } finally {
            hub.close();
        }
    }

    @Test
    void aClientIgnoringTheReceiveMaximumIsDisconnectedWith0x93() throws Exception {
        Hub hub = hub(null, limits(null, null, 4));
        try (RawMqttClient c = connect(hub, "site-a")) {
            ByteArrayOutputStream burst = new ByteArrayOutputStream();
            for (int i = 1; i <= 200; i++) {
                burst.writeBytes(MqttPacket.publish(TOPIC, 1, i, codec.encode(telemetry(i))));
            }
            c.send(burst.toByteArray());
            MqttPacket.Received d = c.await(MqttPacket.DISCONNECT, 5000);
            assertThat(d.reasonCode()).isEqualTo(0x93);
            assertThat(d.reasonString()).contains("receive maximum is 4");
            bystanderStillServed(hub);
        } finally {
            hub.close();
        }
    }

    @Test
    void oneSiteConnectingOverAndOverIsRefusedWith0x9F() throws Exception {
        Hub hub = hub(null, limits(3, null, null));
        List<RawMqttClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < 3; i++) {
                clients.add(connect(hub, "site-a")); // each takes the session of the one before
            }
            RawMqttClient fourth = RawMqttClient.connect("127.0.0.1", hub.mqttPort(), "raw-4", "site-a", "secret-a");
            clients.add(fourth);
            MqttPacket.Received ack = fourth.await(MqttPacket.CONNACK, 5000);
            assertThat(ack.reasonCode()).isEqualTo(0x9F);
            assertThat(ack.reasonString()).contains("site site-a connected more than 3 times a minute");
            bystanderStillServed(hub); // other sites are not affected
        } finally {
            clients.forEach(RawMqttClient::close);
            hub.close();
        }
    }
}
