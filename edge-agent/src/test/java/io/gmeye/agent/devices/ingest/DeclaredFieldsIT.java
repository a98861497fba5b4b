package io.gmeye.agent.devices.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.devices.DevicesHarness;
import io.gmeye.agent.devices.Processes;
import io.gmeye.agent.devices.TestEstate;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.device.DeviceEvent;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.fields.PersonValue;
import io.gmeye.rigs.devices.MqttSim;
import io.gmeye.rigs.metrics.PrometheusText;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.eclipse.paho.mqttv5.common.MqttException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Only what a device type declares gets past the agent, in the form its kind allows: over real
 * MQTT (Paho) and CoAP (libcoap's coap-client) into the outbox, with the bytes the uplink would
 * carry checked for the raw numbers.
 */
class DeclaredFieldsIT {
    static final String ID = "440301199001011234";
    static final String MOBILE = "13800138000";
    @TempDir
    static Path dir;
    static DevicesHarness agent;

    @BeforeAll
    static void start() {
        agent = new DevicesHarness(new TestEstate(dir)
                .device("smoke-1", "smoke_detector")
                .device("ev-1", "ev_charger")
                .device("lamp-1", "streetlight")).start();
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
    }

    @Test
    void idAndMobileNumbersInAnEventsTextAreMaskedBeforeTheyEnterTheOutbox() throws Exception {
        try (MqttSim smoke = device("smoke-1")) {
            IMqttToken t = smoke.publish("event", Map.of("name", "tamper", "severity", "warning",
                    "data", Map.of("detail", "lid opened by " + ID + ", call " + MOBILE)));
            t.waitForCompletion(5000);
            assertThat(t.getReasonCodes()).containsExactly(0);
        }
        assertThat(agent.outbox.bodies(DeviceEvent.class)).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("tamper");
            assertThat(e.data()).containsEntry("detail", "lid opened by 4403**********1234, call 138****8000");
        });
        assertNoRawNumbersOnTheWire();
        String metrics = agent.metrics.scrape();
        assertThat(PrometheusText.sum(metrics, "gmeye_devices_personal_data_total", "type", "smoke_detector", "shape", "resident_id")).isEqualTo(1);
        assertThat(PrometheusText.sum(metrics, "gmeye_devices_personal_data_total", "type", "smoke_detector", "shape", "mobile")).isEqualTo(1);
    }

    @Test
    void anUndeclaredFieldIsRefusedWithAReasonTheDeviceGetsWhenItsTypeSaysRefuse() throws Exception {
        int before = agent.outbox.bodies(DeviceEvent.class).size();
        try (MqttSim smoke = device("smoke-1")) {
            IMqttToken t = smoke.event("tamper", Map.of("detail", "lid", "owner", ID));
            t.waitForCompletion(5000);
            assertThat(t.getReasonCodes()).containsExactly(0x99);
            assertThat(t.getResponseProperties().getReasonString())
                    .isEqualTo("data.owner: not declared for event tamper of type smoke_detector (it declares detail)");
            assertThat(smoke.connected()).as("one refused message does not cost the connection").isTrue();
        }
        Processes.Result coap = Processes.run(15, "coap-client-notls", "-m", "post", "-t", "json", "-e",
                "{\"name\": \"smoke_alarm\", \"severity\": \"" + ID + "\", \"data\": {\"smoke\": 4.2, \"" + ID + "\": 1}}", plain("/v1/smoke-1/event"));
        assertThat(coap.out()).contains("4.00")
                .contains("severity: '4403**********1234' is not one of info, warning, critical")
                .doesNotContain(ID);
        assertThat(agent.outbox.bodies(DeviceEvent.class)).hasSize(before);
        assertThat(PrometheusText.sum(agent.metrics.scrape(), "gmeye_devices_undeclared_fields_total", "type", "smoke_detector",
                "action", "refused")).isEqualTo(1);
    }

    @Test
    void aPayloadThatIsNotJsonIsRefusedWithoutRepeatingTheNumbersInIt() throws Exception {
        try (MqttSim smoke = device("smoke-1")) {
            // the parser quotes the token it could not read: tel13800138000x440301199001011234
            IMqttToken t = smoke.publishRaw("event", ("{\"name\": tel" + MOBILE + "x" + ID + "}").getBytes(StandardCharsets.UTF_8));
            t.waitForCompletion(5000);
            assertThat(t.getReasonCodes()).containsExactly(0x99);
            assertThat(t.getResponseProperties().getReasonString()).startsWith("payload is not JSON: Unrecognized token 'tel138****8000x4403")
                    .doesNotContain(ID).doesNotContain(MOBILE);
        }
    }

    @Test
    void aTypeThatDropsUndeclaredFieldsStoresTheRestAndCountsWhatItDropped() throws Exception {
        Processes.Result coap = Processes.run(15, "coap-client-notls", "-m", "post", "-t", "json", "-e",
                "{\"on\": true, \"dim\": 40, \"owner_phone\": \"" + MOBILE + "\"}", plain("/v1/lamp-1/telemetry"));
        assertThat(coap.exit()).as(coap.out()).isZero();
        assertThat(coap.out()).doesNotContain("4.").doesNotContain("5.");
        assertThat(agent.outbox.bodies(DeviceTelemetry.class)).anySatisfy(t -> {
            assertThat(t.device()).isEqualTo("lamp-1");
            assertThat(t.values()).containsOnlyKeys("on", "dim");
        });
        assertNoRawNumbersOnTheWire();
        assertThat(PrometheusText.sum(agent.metrics.scrape(), "gmeye_devices_undeclared_fields_total", "type", "streetlight",
                "message", "telemetry", "action", "dropped")).isEqualTo(1);
    }

    @Test
    void aPersonReferenceLeavesOnlyAsItsSaltedHashAndMaskedForm() throws Exception {
        try (MqttSim ev = device("ev-1")) {
            IMqttToken t = ev.event("card_refused", Map.of("card", ID, "why", "blocked"));
            t.waitForCompletion(5000);
            assertThat(t.getReasonCodes()).containsExactly(0);
        }
        assertThat(agent.outbox.bodies(DeviceEvent.class)).anySatisfy(e -> {
            assertThat(e.name()).isEqualTo("card_refused");
            assertThat(e.data()).containsEntry("card", new PersonValue(TestEstate.PERSONS.hash(ID), "4403**********1234"));
        });
        String wire = new String(agent.outbox.wireBytes(), StandardCharsets.UTF_8);
        assertThat(wire).contains("\"card\":{\"personHash\":\"" + TestEstate.PERSONS.hash(ID) + "\",\"masked\":\"4403**********1234\"}");
        assertNoRawNumbersOnTheWire();
    }

    @Test
    void aCommandResultsMessageIsMaskedAndItsResultCheckedAsTheTypesReadings() throws Exception {
        CompletableFuture<String> commandId = new CompletableFuture<>();
        try (MqttSim lamp = new MqttSim(agent.mqttUri(), "lamp-1", TestEstate.secret("lamp-1"), (sim, cmd) -> commandId.complete(cmd.commandId()))
                .connect()) {
            var result = agent.feature.commandHandler().handle(new Command("c-dim", "device.command", "lamp-1",
                    Map.of("command", "dim", "args", Map.of("level", 40)), 0));
            assertThat(commandId.get(5, TimeUnit.SECONDS)).isEqualTo("c-dim");
            IMqttToken t = lamp.event("cmd.result", Map.of("commandId", "c-dim", "status", "succeeded", "message", "dimmed for " + MOBILE,
                    "result", Map.of("dim", 40, "by", ID)));
            t.waitForCompletion(5000);
            assertThat(t.getReasonCodes()).containsExactly(0);
            CommandResult done = result.get(5, TimeUnit.SECONDS);
            assertThat(done.status()).isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(done.message()).isEqualTo("dimmed for 138****8000");
            assertThat(done.result()).isEqualTo(Map.of("dim", 40L)); // "by" is not a streetlight reading: dropped, as the type says
        }
        assertNoRawNumbersOnTheWire();
    }

    private static void assertNoRawNumbersOnTheWire() {
        String wire = new String(agent.outbox.wireBytes(), StandardCharsets.UTF_8);
        assertThat(wire).doesNotContain(ID).doesNotContain(ID.substring(4, 14)).doesNotContain(MOBILE).doesNotContain("0013");
    }

    private static String plain(String path) {
        return "coap://127.0.0.1:" + agent.feature.coapPorts().get(0) + path;
    }

    private static MqttSim device(String id) throws MqttException {
        return new MqttSim(agent.mqttUri(), id, TestEstate.secret(id), (sim, cmd) -> { }).connect();
    }
}
