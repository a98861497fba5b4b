package io.gmeye.agent.devices.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.devices.DevicesConfig;
import io.gmeye.agent.devices.DevicesHarness;
import io.gmeye.agent.devices.TestEstate;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.rigs.fuzz.FuzzReport;
import io.gmeye.rigs.fuzz.Mutator;
import io.gmeye.rigs.mqtt.MqttPacket;
import io.gmeye.rigs.mqtt.RawMqttClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import org.eclipse.californium.core.CoapClient;
import org.eclipse.californium.core.CoapResponse;
import org.eclipse.californium.core.coap.MediaTypeRegistry;
import org.eclipse.californium.elements.config.Configuration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent's device endpoints walked and fuzzed. MQTT: every device topic refuses a write
 * without the device's credentials, and one device cannot write or read another's topics. CoAP
 * with plain CoAP switched off (allowPlain: false): every resource of every device answers 4.01
 * with a reason. Fuzz: mutated telemetry and events over MQTT and CoAP are answered, never with
 * a server error, every refusal with a reason, and nothing malformed reaches the outbox.
 */
class DeviceEndpointsSecurityIT {
    private static final List<String> DEVICES = List.of("th-1", "th-2", "lamp-1");
    @TempDir
    static Path dir;
    static DevicesHarness open;    // allowPlain: true (the default), for fuzzing plain CoAP
    static DevicesHarness strict;  // allowPlain: false

    static {
        org.eclipse.californium.core.config.CoapConfig.register();
        org.eclipse.californium.elements.config.UdpConfig.register();
        Configuration.setStandard(Configuration.createStandardWithoutFile());
    }

    @BeforeAll
    static void start() throws IOException {
        java.nio.file.Files.createDirectories(dir.resolve("open"));
        java.nio.file.Files.createDirectories(dir.resolve("strict"));
        TestEstate estate = new TestEstate(dir.resolve("open")).device("th-1", "temp_humidity").device("th-2", "temp_humidity")
                .device("lamp-1", "streetlight");
        open = new DevicesHarness(estate).start();
        DevicesConfig c = new TestEstate(dir.resolve("strict")).device("th-1", "temp_humidity").device("th-2", "temp_humidity")
                .device("lamp-1", "streetlight").config();
        strict = new DevicesHarness(new DevicesConfig(c.enabled(), c.typesDir(), c.registryFile(), c.mqtt(),
                new DevicesConfig.Coap(true, "127.0.0.1", TestEstate.freeUdpPort(), TestEstate.freeUdpPort(), false), c.offlineAfterHeartbeats(),
                c.healthInterval(), c.fullHealthInterval(), c.healthBatchSize(), c.commandTimeout(), c.broker())).start();
    }

    @AfterAll
    static void stop() throws Exception {
        open.close();
        strict.close();
    }

    private static RawMqttClient connect(String user, String password) throws IOException {
        return RawMqttClient.connect("127.0.0.1", open.mqttPort(), "walk-" + System.nanoTime(), user, password);
    }

    @Test
    void withoutTheDevicesCredentialsNoDeviceTopicTakesAWrite() throws Exception {
        int before = open.outbox.bodies(DeviceTelemetry.class).size();
        String[][] identities = {{null, null}, {"th-1", null}, {"th-1", "wrong"}, {"nobody", TestEstate.secret("th-1")}, {"th-2", TestEstate.secret("th-1")}};
        for (String[] who : identities) {
            for (String device : DEVICES) {
                for (String kind : List.of("telemetry", "event", "status")) {
                    try (RawMqttClient c = connect(who[0], who[1])) {
                        MqttPacket.Received ack = c.await(MqttPacket.CONNACK, 5000);
                        assertThat(ack).isNotNull();
                        assertThat(ack.reasonCode()).as("CONNACK for %s/%s", who[0], who[1]).isGreaterThanOrEqualTo(0x80);
                        try {
                            c.send(MqttPacket.publish("dev/v1/" + device + "/" + kind, 1, 1, "{\"temperature\": 20}".getBytes(StandardCharsets.UTF_8)));
                        } catch (IOException closed) {
                            // closed first: fine
                        }
                        assertThat(c.closedByServer(3000)).isTrue();
                    }
                }
            }
        }
        assertThat(open.outbox.bodies(DeviceTelemetry.class)).hasSize(before);
    }

    @Test
    void aDeviceCannotWriteOrReadAnotherDevicesTopics() throws Exception {
        int before = open.outbox.bodies(DeviceTelemetry.class).size();
        try (RawMqttClient c = connect("th-1", TestEstate.secret("th-1"))) {
            assertThat(c.await(MqttPacket.CONNACK, 5000).reasonCode()).isZero();
            int id = 1;
            for (String other : List.of("th-2", "lamp-1")) {
                for (String kind : List.of("telemetry", "event", "status")) {
                    c.send(MqttPacket.publish("dev/v1/" + other + "/" + kind, 1, id++, "{\"temperature\": 20}".getBytes(StandardCharsets.UTF_8)));
                    MqttPacket.Received ack = c.await(MqttPacket.PUBACK, 5000);
                    assertThat(ack.reasonCode()).as("th-1 writing %s of %s", kind, other).isEqualTo(0x87);
                    assertThat(ack.reasonString()).isNotBlank();
                }
                for (String filter : List.of("dev/v1/" + other + "/cmd", "dev/v1/+/cmd", "dev/v1/#", "#", "gm/v1/#")) {
                    c.send(MqttPacket.subscribe(id++, filter, 1));
                    assertThat(c.await(MqttPacket.SUBACK, 5000).subackCodes()).as("th-1 subscribing %s", filter).allMatch(code -> code >= 0x80);
                }
            }
        }
        assertThat(open.outbox.bodies(DeviceTelemetry.class)).hasSize(before);
    }

    @Test
    void withPlainCoapOffEveryResourceOfEveryDeviceRefusesAPlainRequestWithAReason() throws Exception {
        String base = "coap://127.0.0.1:" + strict.feature.coapPorts().get(0);
        for (String device : DEVICES) {
            for (String kind : List.of("telemetry", "event")) {
                CoapClient c = new CoapClient(base + "/v1/" + device + "/" + kind).setTimeout(10_000L);
                try {
                    CoapResponse r = c.post("{\"temperature\": 20}", MediaTypeRegistry.APPLICATION_JSON);
                    assertThat(r).as("an answer from %s/%s", device, kind).isNotNull();
                    assertThat(r.getCode().toString()).isEqualTo("4.01");
                    assertThat(r.getResponseText()).contains("coaps");
                } finally {
                    c.shutdown();
                }
            }
        }
        assertThat(strict.outbox.bodies(DeviceTelemetry.class)).isEmpty();
    }

    @Test
    void mutatedDevicePayloadsAreAnsweredWithReasonsOverMqttAndCoap() throws Exception {
        FuzzReport report = new FuzzReport();
        Mutator mutator = new Mutator(17, 64 * 1024);
        byte[][] seeds = {"{\"ts\": 1, \"values\": {\"temperature\": 21.5, \"humidity\": 40}}".getBytes(StandardCharsets.UTF_8),
            "{\"name\": \"alarm\", \"severity\": \"warning\", \"data\": {\"temperature\": 60}}".getBytes(StandardCharsets.UTF_8)};
        // MQTT: pipelined on the device's own topics
        RawMqttClient c = connect("th-1", TestEstate.secret("th-1"));
        c.await(MqttPacket.CONNACK, 5000);
        for (int i = 1; i <= 600; i++) {
            byte[] seed = seeds[i % 2];
            Mutator.Mutation m = mutator.mutate(seed);
            try {
                c.send(MqttPacket.publish("dev/v1/th-1/" + (i % 2 == 0 ? "telemetry" : "event"), 1, i, m.bytes()));
                MqttPacket.Received p = c.read(10_000);
                if (p == null) {
                    report.finding("MQTT: no answer to " + m.kind());
                    continue;
                }
                if (p.type() == MqttPacket.DISCONNECT) {
                    report.outcome("mqtt_disconnect");
                    if (p.reasonString() == null) {
                        report.finding("MQTT DISCONNECT without a reason after " + m.kind());
                    }
                } else {
                    report.outcome(String.format("mqtt_0x%02x", p.reasonCode()));
                    if (p.reasonCode() >= 0x80 && (p.reasonString() == null || p.reasonString().isBlank())) {
                        report.finding("MQTT refusal 0x" + Integer.toHexString(p.reasonCode()) + " without a reason for " + m.kind());
                    }
                    if (p.reasonCode() == 0x80) {
                        report.finding("MQTT unspecified error for " + m.kind() + ": " + p.reasonString());
                    }
                    continue;
                }
            } catch (IOException closed) {
                // the agent may answer an oversize header with DISCONNECT and close before the rest of the packet is written;
                // the reset can swallow that DISCONNECT, so only a packet within the limit must never end this way
                report.outcome("mqtt_closed_while_sending");
                if (m.bytes().length < 64 * 1024) {
                    report.finding("MQTT: the agent closed the connection without a DISCONNECT reason after " + m.kind());
                }
            }
            c.close();
            c = connect("th-1", TestEstate.secret("th-1"));
            c.await(MqttPacket.CONNACK, 5000);
        }
        c.close();
        // CoAP: confirmable POSTs on plain CoAP (allowed on the open harness)
        String base = "coap://127.0.0.1:" + open.feature.coapPorts().get(0) + "/v1/th-2/";
        CoapClient telemetry = new CoapClient(base + "telemetry").useCONs().setTimeout(10_000L);
        CoapClient event = new CoapClient(base + "event").useCONs().setTimeout(10_000L);
        try {
            for (int i = 0; i < 300; i++) {
                Mutator.Mutation m = mutator.mutate(seeds[i % 2]);
                CoapResponse r = (i % 2 == 0 ? telemetry : event).post(m.bytes(), MediaTypeRegistry.APPLICATION_JSON);
                if (r == null) {
                    report.finding("CoAP: no answer to " + m.kind());
                    continue;
                }
                report.outcome("coap_" + r.getCode());
                if (r.getCode().codeClass >= 5) {
                    report.finding("CoAP server error " + r.getCode() + " for " + m.kind() + ": " + r.getResponseText());
                } else if (!r.isSuccess() && r.getResponseText().isBlank()) {
                    report.finding("CoAP refusal " + r.getCode() + " without a diagnostic for " + m.kind());
                }
            }
        } finally {
            telemetry.shutdown();
            event.shutdown();
        }
        System.out.println("device fuzz: " + report);
        assertThat(report.findingSamples()).isEmpty();
        assertThat(report.count("coap_2.04") + report.count("coap_4.00")).isPositive();
        assertThat(open.outbox.bodies(DeviceTelemetry.class)).allSatisfy(t -> assertThat(t.device()).isIn("th-1", "th-2"));
    }
}
