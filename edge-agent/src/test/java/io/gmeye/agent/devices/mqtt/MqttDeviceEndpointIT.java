package io.gmeye.agent.devices.mqtt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.devices.DevicesHarness;
import io.gmeye.agent.devices.Processes;
import io.gmeye.agent.devices.TestEstate;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.device.DeviceEvent;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.rigs.mqtt.MqttPacket;
import io.gmeye.rigs.mqtt.RawMqttClient;
import io.gmeye.rigs.testing.CapturedLog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.client.MqttAsyncClient;
import org.eclipse.paho.mqttv5.client.MqttConnectionOptions;
import org.eclipse.paho.mqttv5.client.persist.MemoryPersistence;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.eclipse.paho.mqttv5.common.MqttMessage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MqttDeviceEndpointIT {
    @TempDir
    static Path dir;
    static DevicesHarness agent;

    @BeforeAll
    static void start() {
        agent = new DevicesHarness(new TestEstate(dir)
                .device("th-1", "temp_humidity")
                .device("th-2", "temp_humidity")
                .device("smoke-1", "smoke_detector")
                .device("gate-1", "turnstile")
                .device("lamp-1", "streetlight")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
    }

    private static MqttAsyncClient connect(String id, String password) throws MqttException {
        MqttAsyncClient c = new MqttAsyncClient(agent.mqttUri(), id + "-" + System.nanoTime(), new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName(id);
        o.setPassword(password.getBytes(StandardCharsets.UTF_8));
        c.connect(o).waitForCompletion(5000);
        return c;
    }

    private static IMqttToken publish(MqttAsyncClient c, String topic, String json) throws MqttException {
        MqttMessage m = new MqttMessage(json.getBytes(StandardCharsets.UTF_8));
        m.setQos(1);
        return c.publish(topic, m);
    }

    @Test
    void acknowledgesAReadingOnlyAfterTheOutboxHoldsIt() throws Exception {
        MqttAsyncClient c = connect("th-1", TestEstate.secret("th-1"));
        agent.outbox.hold();
        try {
            IMqttToken t = publish(c, "dev/v1/th-1/telemetry", "{\"ts\": 1777622400000, \"values\": {\"temperature\": 21.5, \"humidity\": 40}}");
            Thread.sleep(300);
            assertThat(t.isComplete()).as("PUBACK before the outbox write completed").isFalse();
            agent.outbox.release();
            t.waitForCompletion(5000);
            assertThat(t.getReasonCodes()).containsExactly(0);
        } finally {
            agent.outbox.release();
            c.disconnect().waitForCompletion(2000);
            c.close();
        }
        DeviceTelemetry stored = agent.outbox.bodies(DeviceTelemetry.class).stream().filter(x -> x.device().equals("th-1")).findFirst().orElseThrow();
        assertThat(stored.values()).containsEntry("temperature", 21.5).containsEntry("humidity", 40.0);
        assertThat(stored.deviceTs()).isEqualTo(1777622400000L);
    }

    @Test
    void refusesAnOutOfRangeReadingWithReasonCodeAndStringAndKeepsTheDeviceConnected() throws Exception {
        MqttAsyncClient c = connect("th-2", TestEstate.secret("th-2"));
        IMqttToken bad = publish(c, "dev/v1/th-2/telemetry", "{\"temperature\": 212}");
        bad.waitForCompletion(5000);
        assertThat(bad.getReasonCodes()).containsExactly(0x99); // payload format invalid
        assertThat(bad.getResponseProperties().getReasonString()).isEqualTo("temperature: 212.0 °C is above the maximum 85.0");

        IMqttToken notJson = publish(c, "dev/v1/th-2/telemetry", "temperature=20");
        notJson.waitForCompletion(5000);
        assertThat(notJson.getReasonCodes()).containsExactly(0x99);
        assertThat(notJson.getResponseProperties().getReasonString()).startsWith("payload is not JSON");

        assertThat(c.isConnected()).isTrue();
        IMqttToken good = publish(c, "dev/v1/th-2/telemetry", "{\"temperature\": 19}");
        good.waitForCompletion(5000);
        assertThat(good.getReasonCodes()).containsExactly(0);
        c.disconnect().waitForCompletion(2000);
        c.close();
    }

    @Test
    void aDeviceMayTouchOnlyItsOwnTopics() throws Exception {
        MqttAsyncClient c = connect("smoke-1", TestEstate.secret("smoke-1"));
        IMqttToken other = publish(c, "dev/v1/th-1/telemetry", "{\"temperature\": 20}");
        other.waitForCompletion(5000);
        assertThat(other.getReasonCodes()).containsExactly(0x87);
        assertThat(other.getResponseProperties().getReasonString()).isEqualTo("smoke-1 may not publish for th-1");

        IMqttToken wrongTopic = publish(c, "dev/v1/smoke-1/firmware", "{}");
        wrongTopic.waitForCompletion(5000);
        assertThat(wrongTopic.getReasonCodes()).containsExactly(0x90);

        IMqttToken sub = c.subscribe("dev/v1/gate-1/cmd", 1);
        sub.waitForCompletion(5000);
        assertThat(sub.getReasonCodes()).containsExactly(0x87);
        c.disconnect().waitForCompletion(2000);
        c.close();
    }

    @Test
    void refusesAWrongPasswordAndAnUnknownDeviceSayingWhyInTheConnack() throws Exception {
        assertThatThrownBy(() -> connect("smoke-1", "guess")).isInstanceOf(MqttException.class)
                .satisfies(e -> assertThat(((MqttException) e).getReasonCode()).isEqualTo(0x86));
        try (RawMqttClient c = RawMqttClient.connect("127.0.0.1", agent.mqttPort(), "raw-1", "smoke-1", "guess")) {
            MqttPacket.Received ack = c.await(MqttPacket.CONNACK, 5000);
            assertThat(ack.reasonCode()).isEqualTo(0x86);
            assertThat(ack.reasonString()).isEqualTo("wrong password for device smoke-1");
        }
        try (RawMqttClient c = RawMqttClient.connect("127.0.0.1", agent.mqttPort(), "raw-2", "smoke-9", "guess")) {
            assertThat(c.await(MqttPacket.CONNACK, 5000).reasonString()).isEqualTo("no device 'smoke-9' at this site");
        }
    }

    @Test
    void theConnackAdvertisesTheMaximumPacketSizeSoAClientKeepsAnOversizePublishToItself() throws Exception {
        int max = agent.config.mqtt().maxMessageBytes();
        MqttAsyncClient c = new MqttAsyncClient(agent.mqttUri(), "th-2-size", new MemoryPersistence());
        MqttConnectionOptions o = new MqttConnectionOptions();
        o.setUserName("th-2");
        o.setPassword(TestEstate.secret("th-2").getBytes(StandardCharsets.UTF_8));
        IMqttToken connected = c.connect(o);
        connected.waitForCompletion(5000);
        assertThat(connected.getResponseProperties().getMaximumPacketSize()).isEqualTo((long) max);
        c.disconnect().waitForCompletion(2000);
        c.close();
        // libmosquitto reads the limit from the CONNACK and does not send what exceeds it (the connection is not lost over it)
        Path big = dir.resolve("big.json");
        Files.writeString(big, "{\"values\": {\"temperature\": 21.5}, \"note\": \"" + "x".repeat(max) + "\"}");
        Processes.Result r = Processes.run(10, "mosquitto_pub", "-V", "5", "-q", "1", "-h", "127.0.0.1", "-p", String.valueOf(agent.mqttPort()),
                "-u", "th-2", "-P", TestEstate.secret("th-2"), "-t", "dev/v1/th-2/telemetry", "-f", big.toString(), "-d");
        assertThat(r.out()).as("exit %d: %s", r.exit(), r.out()).contains("received CONNACK (0)").doesNotContain("sending PUBLISH")
                .doesNotContain("received DISCONNECT");
    }

    @Test
    void aDeviceReconnectingUnderTheSameIdTakesItsSessionOverAndTheAgentLogsIt() throws Exception {
        try (CapturedLog log = new CapturedLog()) {
            MqttAsyncClient first = connect("lamp-1", TestEstate.secret("lamp-1"));
            MqttAsyncClient second = connect("lamp-1", TestEstate.secret("lamp-1"));
            try {
                await("the older connection is closed").atMost(Duration.ofSeconds(5)).until(() -> !first.isConnected());
                assertThat(second.isConnected()).isTrue();
                await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(log.text())
                        .contains("device lamp-1: a new connection from").contains("takes over the session of"));
            } finally {
                second.disconnect().waitForCompletion(2000);
                second.close();
                first.close();
            }
        }
    }

    @Test
    void aSubscriptionToAnotherDevicesCommandsIsRefusedWithAReason() throws Exception {
        try (RawMqttClient c = RawMqttClient.connect("127.0.0.1", agent.mqttPort(), "raw-3", "th-1", TestEstate.secret("th-1"))) {
            assertThat(c.await(MqttPacket.CONNACK, 5000).reasonCode()).isZero();
            c.send(MqttPacket.subscribe(7, "dev/v1/gate-1/cmd", 1));
            MqttPacket.Received ack = c.await(MqttPacket.SUBACK, 5000);
            assertThat(ack.subackCodes()).containsExactly(0x87);
            assertThat(ack.reasonString()).isEqualTo("th-1 may subscribe only to dev/v1/th-1/cmd, not dev/v1/gate-1/cmd");
        }
    }

    @Test
    void mosquittoPubAsASensorIsStoredAndToldWhenARreadingIsRefused() throws Exception {
        Processes.Result ok = Processes.run(10, "mosquitto_pub", "-V", "5", "-q", "1", "-h", "127.0.0.1", "-p", String.valueOf(agent.mqttPort()),
                "-u", "smoke-1", "-P", TestEstate.secret("smoke-1"), "-t", "dev/v1/smoke-1/telemetry", "-m", "{\"smoke\": 0.12, \"battery\": 88}");
        assertThat(ok.exit()).as(ok.out()).isZero();
        assertThat(agent.outbox.bodies(DeviceTelemetry.class)).anySatisfy(t -> {
            assertThat(t.device()).isEqualTo("smoke-1");
            assertThat(t.values()).containsEntry("smoke", 0.12);
        });
        Processes.Result event = Processes.run(10, "mosquitto_pub", "-V", "5", "-q", "1", "-h", "127.0.0.1", "-p",
                String.valueOf(agent.mqttPort()), "-u", "smoke-1", "-P", TestEstate.secret("smoke-1"), "-t", "dev/v1/smoke-1/event",
                "-m", "{\"name\": \"smoke_alarm\", \"severity\": \"critical\", \"data\": {\"smoke\": 4.2}}");
        assertThat(event.exit()).as(event.out()).isZero();
        assertThat(agent.outbox.bodies(DeviceEvent.class)).anySatisfy(e -> assertThat(e.name()).isEqualTo("smoke_alarm"));

        Processes.Result bad = Processes.run(10, "mosquitto_pub", "-V", "5", "-q", "1", "-h", "127.0.0.1", "-p", String.valueOf(agent.mqttPort()),
                "-u", "smoke-1", "-P", TestEstate.secret("smoke-1"), "-t", "dev/v1/smoke-1/telemetry", "-m", "{\"smoke\": 99}");
        assertThat(bad.out()).containsIgnoringCase("payload format invalid");
    }

    @Test
    void mosquittoSubAsATurnstileTakesACommandAndItsResultCompletesIt() throws Exception {
        // -W: mosquitto_sub gives up after 60 s, so a command that never comes fails the test instead of hanging it
        Process sub = Processes.start("mosquitto_sub", "-V", "5", "-q", "1", "-C", "1", "-W", "60", "-h", "127.0.0.1", "-p",
                String.valueOf(agent.mqttPort()), "-u", "gate-1", "-P", TestEstate.secret("gate-1"), "-i", "gate-1", "-t", "dev/v1/gate-1/cmd");
        try {
            await().atMost(Duration.ofSeconds(30)).until(() -> agent.feature.links().reachable("gate-1"));
            var result = agent.feature.commandHandler().handle(new Command("cmd-1", "device.command", "gate-1",
                    Map.of("command", "remote_open", "args", Map.of("seconds", 5)), 0));
            String line = new BufferedReader(new InputStreamReader(sub.getInputStream(), StandardCharsets.UTF_8)).readLine();
            assertThat(line).as(() -> "what mosquitto_sub printed; the agent's outbox: " + agent.outbox.bodies(CommandResult.class)).contains("\"commandId\":\"cmd-1\"").contains("\"name\":\"remote_open\"").contains("\"seconds\":5");
            assertThat(sub.waitFor(5, TimeUnit.SECONDS)).isTrue();

            Processes.Result reply = Processes.run(10, "mosquitto_pub", "-V", "5", "-q", "1", "-h", "127.0.0.1", "-p",
                    String.valueOf(agent.mqttPort()), "-u", "gate-1", "-P", TestEstate.secret("gate-1"), "-t", "dev/v1/gate-1/event",
                    "-m", "{\"name\": \"cmd.result\", \"data\": {\"commandId\": \"cmd-1\", \"status\": \"succeeded\"}}");
            assertThat(reply.exit()).as(reply.out()).isZero();
            CommandResult done = result.get(5, TimeUnit.SECONDS);
            assertThat(done.status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(agent.outbox.bodies(CommandResult.class)).filteredOn(r -> r.commandId().equals("cmd-1"))
                    .extracting(CommandResult::status).containsSubsequence(CommandStatus.QUEUED, CommandStatus.SENT, CommandStatus.DELIVERED);
        } finally {
            sub.destroy();
        }
    }

    @Test
    void aCommandForADeviceThatNeverConnectsExpires() throws Exception {
        var result = agent.feature.commandHandler().handle(new Command("cmd-2", "device.command", "lamp-1",
                Map.of("command", "turn_on"), System.currentTimeMillis() + 300));
        assertThat(result.get(5, TimeUnit.SECONDS).status()).isEqualTo(CommandStatus.EXPIRED);
        var unknown = agent.feature.commandHandler().handle(new Command("cmd-3", "device.command", "lamp-1", Map.of("command", "explode"), 0));
        assertThat(unknown.get(1, TimeUnit.SECONDS)).satisfies(r -> {
            assertThat(r.status()).isEqualTo(CommandStatus.FAILED);
            assertThat(r.message()).contains("'explode' is not a command of type streetlight");
        });
    }
}
