package io.gmeye.agent.devices.coap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.devices.DevicesHarness;
import io.gmeye.agent.devices.Processes;
import io.gmeye.agent.devices.TestEstate;
import io.gmeye.agent.devices.registry.DeviceEntry;
import io.gmeye.platform.metrics.MicrometerMetrics;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.rigs.testing.CapturedLog;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** libcoap's coap-client (Debian libcoap3-bin) against the agent's CoAP endpoint, plain and DTLS-PSK. */
class CoapDeviceEndpointIT {
    private static final String PSK = "manhole-key-0001";
    @TempDir
    static Path dir;
    static DevicesHarness agent;
    static final MicrometerMetrics METRICS = new MicrometerMetrics();

    @BeforeAll
    static void start() {
        agent = new DevicesHarness(new TestEstate(dir)
                .device("wl-1", "water_level")
                .device("mh-1", "manhole_cover", null, PSK)
                .device("lamp-2", "streetlight").config(), METRICS).start();
    }

    @AfterAll
    static void stop() throws Exception {
        agent.close();
    }

    private static String plain(String path) {
        return "coap://127.0.0.1:" + agent.feature.coapPorts().get(0) + path;
    }

    private static String secure(String path) {
        return "coaps://127.0.0.1:" + agent.feature.coapPorts().get(1) + path;
    }

    @Test
    void coapClientPostsTelemetryAndGetsChangedOnceStored() throws Exception {
        Processes.Result r = Processes.run(15, "coap-client-notls", "-m", "post", "-t", "json", "-e", "{\"level\": 2.35, \"battery\": 71}",
                plain("/v1/wl-1/telemetry"));
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(r.out()).doesNotContain("4.").doesNotContain("5.");
        assertThat(agent.outbox.bodies(DeviceTelemetry.class)).anySatisfy(t -> {
            assertThat(t.device()).isEqualTo("wl-1");
            assertThat(t.values()).containsEntry("level", 2.35);
        });
    }

    @Test
    void anOutOfRangeReadingIsRefusedWithFourHundredAndADiagnostic() throws Exception {
        Processes.Result r = Processes.run(15, "coap-client-notls", "-m", "post", "-t", "json", "-e", "{\"level\": 99}",
                plain("/v1/wl-1/telemetry"));
        assertThat(r.out()).contains("4.00").contains("level: 99.0 m is above the maximum 20.0");
    }

    @Test
    void aDeviceWithAKeyMustUseDtls() throws Exception {
        Processes.Result r = Processes.run(15, "coap-client-notls", "-m", "post", "-e", "{\"tilt\": 1}", plain("/v1/mh-1/telemetry"));
        assertThat(r.out()).contains("4.01").contains("use coaps");
    }

    @Test
    void coapClientOverDtlsPskPostsTelemetry() throws Exception {
        Processes.Result r = Processes.run(20, "coap-client-openssl", "-m", "post", "-t", "json", "-u", "mh-1", "-k", PSK,
                "-e", "{\"tilt\": 3.5, \"open\": false}", secure("/v1/mh-1/telemetry"));
        assertThat(r.exit()).as(r.out()).isZero();
        assertThat(agent.outbox.bodies(DeviceTelemetry.class)).anySatisfy(t -> {
            assertThat(t.device()).isEqualTo("mh-1");
            assertThat(t.values()).containsEntry("tilt", 3.5).containsEntry("open", false);
        });
        Processes.Result wrongKey = Processes.run(20, "coap-client-openssl", "-B", "3", "-m", "post", "-u", "mh-1", "-k", "not-the-key",
                "-e", "{\"tilt\": 1}", secure("/v1/mh-1/telemetry"));
        assertThat(wrongKey.out()).doesNotContain("2.04");
    }

    @Test
    void aWrongKeyOrAnUnknownIdentityIsLoggedWithTheDeviceAndCounted() throws Exception {
        double wrongKeys = failures("wrong_key");
        try (CapturedLog log = new CapturedLog()) {
            Processes.Result wrongKey = Processes.run(20, "coap-client-openssl", "-B", "3", "-m", "post", "-u", "mh-1", "-k", "not-the-key",
                    "-e", "{\"tilt\": 1}", secure("/v1/mh-1/telemetry"));
            assertThat(wrongKey.out()).doesNotContain("2.04");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.text())
                    .contains("DTLS handshake of device mh-1 from").contains("wrong PSK"));
            assertThat(failures("wrong_key")).as("counted once for the handshake").isEqualTo(wrongKeys + 1);

            Processes.Result stranger = Processes.run(20, "coap-client-openssl", "-B", "3", "-m", "post", "-u", "mh-77", "-k", "any-key",
                    "-e", "{\"tilt\": 1}", secure("/v1/mh-77/telemetry"));
            assertThat(stranger.out()).doesNotContain("2.04");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(log.text())
                    .contains("DTLS handshake refused: no device 'mh-77' with a key at this site"));
            assertThat(failures("unknown_identity")).isPositive();
        }
    }

    private static double failures(String reason) {
        var c = METRICS.registry().find("gmeye.devices.dtls.failures").tag("reason", reason).counter();
        return c == null ? 0 : c.count();
    }

    @Test
    void aKeyGivenLiveIsUsableAtOnceAndAKeyTakenAwayIsRefused() throws Exception {
        List<DeviceEntry> before = agent.feature.registry().entries();
        List<DeviceEntry> with = new ArrayList<>(before);
        with.add(new DeviceEntry("mh-9", "manhole_cover", null, "manhole-key-0009", null, List.of()));
        agent.feature.replaceDevices(with); // as a configuration from the hub does it
        try {
            Processes.Result r = Processes.run(20, "coap-client-openssl", "-m", "post", "-t", "json", "-u", "mh-9", "-k", "manhole-key-0009",
                    "-e", "{\"tilt\": 1.5, \"open\": false}", secure("/v1/mh-9/telemetry"));
            assertThat(r.exit()).as(r.out()).isZero();
            assertThat(agent.outbox.bodies(DeviceTelemetry.class)).anySatisfy(t -> assertThat(t.device()).isEqualTo("mh-9"));
        } finally {
            agent.feature.replaceDevices(before);
        }
        Processes.Result gone = Processes.run(20, "coap-client-openssl", "-B", "3", "-m", "post", "-u", "mh-9", "-k", "manhole-key-0009",
                "-e", "{\"tilt\": 2}", secure("/v1/mh-9/telemetry"));
        assertThat(gone.out()).as("removed: its key no longer opens a session").doesNotContain("2.04");
    }

    @Test
    void coapClientObservingCmdReceivesACommand() throws Exception {
        Process observer = Processes.start("coap-client-notls", "-s", "15", "-w", plain("/v1/lamp-2/cmd"));
        try {
            long deadline = System.currentTimeMillis() + 10_000;
            while (!agent.feature.links().reachable("lamp-2") && System.currentTimeMillis() < deadline) {
                Thread.sleep(20);
            }
            assertThat(agent.feature.links().reachable("lamp-2")).isTrue();
            var result = agent.feature.commandHandler().handle(new Command("c-lamp", "device.command", "lamp-2",
                    Map.of("command", "dim", "args", Map.of("level", 40)), 0));
            BufferedReader out = new BufferedReader(new InputStreamReader(observer.getInputStream(), StandardCharsets.UTF_8));
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.contains("c-lamp"));
            assertThat(line).contains("\"name\":\"dim\"").contains("\"level\":40");
            // the device acknowledged the confirmable notification: delivered, waiting for its result
            deadline = System.currentTimeMillis() + 5000;
            while (System.currentTimeMillis() < deadline && agent.outbox.bodies(io.gmeye.protocols.command.CommandResult.class).stream()
                    .noneMatch(r -> r.commandId().equals("c-lamp") && r.status() == CommandStatus.DELIVERED)) {
                Thread.sleep(20);
            }
            assertThat(agent.outbox.bodies(io.gmeye.protocols.command.CommandResult.class))
                    .anyMatch(r -> r.commandId().equals("c-lamp") && r.status() == CommandStatus.DELIVERED);
            Processes.Result reply = Processes.run(15, "coap-client-notls", "-m", "post", "-e",
                    "{\"name\": \"cmd.result\", \"data\": {\"commandId\": \"c-lamp\", \"status\": \"failed\", \"message\": \"driver fault\"}}",
                    plain("/v1/lamp-2/event"));
            assertThat(reply.exit()).isZero();
            var done = result.get(5, TimeUnit.SECONDS);
            assertThat(done.status()).isEqualTo(CommandStatus.FAILED);
            assertThat(done.message()).isEqualTo("driver fault");
        } finally {
            observer.destroy();
        }
    }
}
