package io.gmeye.agent.devices.broker;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.devices.DevicesConfig;
import io.gmeye.agent.devices.DevicesFeature;
import io.gmeye.agent.devices.MosquittoSub;
import io.gmeye.agent.devices.Processes;
import io.gmeye.agent.devices.RecordingOutbox;
import io.gmeye.agent.devices.TestEstate;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.rigs.net.FreePorts;
import io.vertx.core.Vertx;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent attached to a site's own broker (Debian's mosquitto), devices being mosquitto_pub/sub on that broker. */
class SiteBrokerBridgeIT {
    @TempDir
    Path dir;

    private record Running(Vertx vertx, RecordingOutbox outbox, DevicesFeature feature) implements AutoCloseable {
        @Override
        public void close() throws Exception {
            feature.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        }
    }

    private Running agent(DevicesConfig base, int brokerPort) throws Exception {
        DevicesConfig config = new DevicesConfig(true, base.typesDir(), base.registryFile(), new DevicesConfig.Mqtt(false, null, 0, 0, null),
                new DevicesConfig.Coap(false, null, 0, 0, false), 3, null, null, 0, null,
                new DevicesConfig.SiteBroker(true, "tcp://127.0.0.1:" + brokerPort, null, null, "agent-site-a"));
        Vertx vertx = Vertx.vertx();
        RecordingOutbox outbox = new RecordingOutbox();
        DevicesFeature f = new DevicesFeature("site-a", vertx, outbox, Clock.systemUTC(), Metrics.NOOP, config, Path.of("/"), TestEstate.PERSONS);
        f.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        return new Running(vertx, outbox, f);
    }

    private static Processes.Result pub(int port, String topic, String json) throws Exception {
        return Processes.run(10, "mosquitto_pub", "-V", "5", "-q", "1", "-h", "127.0.0.1", "-p", String.valueOf(port), "-t", topic, "-m", json);
    }

    /** Debian's mosquitto on the port, answering connections when this returns. */
    private Process broker(int port) throws Exception {
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\n");
        Process broker = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        long deadline = System.currentTimeMillis() + 10_000;
        while (System.currentTimeMillis() < deadline) {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return broker;
            } catch (java.io.IOException notYet) {
                Thread.sleep(20);
            }
        }
        broker.destroy();
        throw new IllegalStateException("mosquitto did not listen on " + port);
    }

    private static void await(java.util.function.BooleanSupplier c) {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(c::getAsBoolean);
    }

    @Test
    void takesDevicesFromTheSiteBrokerAndKeepsWhatCameWhileTheAgentWasAway() throws Exception {
        int port = FreePorts.next();
        Process broker = broker(port);
        DevicesConfig base = new TestEstate(dir).device("wm-1", "water_meter").config();
        try {
            try (Running a = agent(base, port)) {
                assertThat(pub(port, "dev/v1/wm-1/telemetry", "{\"volume\": 12.5, \"flow\": 0.4}").exit()).isZero();
                await(() -> !a.outbox().bodies(DeviceTelemetry.class).isEmpty());
                assertThat(a.outbox().bodies(DeviceTelemetry.class)).singleElement().satisfies(t -> assertThat(t.values()).containsEntry("volume", 12.5));

                MosquittoSub sub = MosquittoSub.subscribed("-V", "5", "-q", "1", "-C", "1", "-h", "127.0.0.1", "-p", String.valueOf(port),
                        "-t", "dev/v1/wm-1/cmd");
                try {
                    var result = a.feature().commandHandler().handle(new Command("c-valve", "device.command", "wm-1",
                            Map.of("command", "close_valve"), 0));
                    String line = sub.nextPayload(30);
                    assertThat(line).as(() -> "mosquitto_sub printed " + sub.seen()).contains("\"commandId\":\"c-valve\"").contains("close_valve");
                    assertThat(pub(port, "dev/v1/wm-1/event", "{\"name\":\"cmd.result\",\"data\":{\"commandId\":\"c-valve\",\"status\":\"succeeded\"}}")
                            .exit()).isZero();
                    assertThat(result.get(5, TimeUnit.SECONDS).status()).isEqualTo(CommandStatus.SUCCEEDED);
                } finally {
                    sub.close();
                }
            }
            // the agent is away: the broker keeps its persistent session's messages
            for (double v : List.of(13.0, 13.5, 14.0)) {
                assertThat(pub(port, "dev/v1/wm-1/telemetry", "{\"volume\": " + v + "}").exit()).isZero();
            }
            try (Running again = agent(base, port)) {
                await(() -> again.outbox().bodies(DeviceTelemetry.class).size() >= 3);
                assertThat(again.outbox().bodies(DeviceTelemetry.class)).extracting(t -> t.values().get("volume")).containsExactly(13.0, 13.5, 14.0);
            }
        } finally {
            broker.destroy();
            broker.waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void anIdNumberADevicePutsInAnEventOnTheSiteBrokerIsMaskedBeforeItEntersTheOutbox() throws Exception {
        int port = FreePorts.next();
        Process broker = broker(port);
        DevicesConfig base = new TestEstate(dir).device("smoke-2", "smoke_detector").config();
        try (Running a = agent(base, port)) {
            // owner is not declared: refused at the agent (the bridge cannot answer the device; it logs why)
            assertThat(pub(port, "dev/v1/smoke-2/event", "{\"name\": \"tamper\", \"data\": {\"owner\": \"440301199001011234\"}}").exit()).isZero();
            assertThat(pub(port, "dev/v1/smoke-2/event", "{\"name\": \"tamper\", \"data\": {\"detail\": \"by 440301199001011234\"}}").exit()).isZero();
            await(() -> !a.outbox().bodies(io.gmeye.protocols.device.DeviceEvent.class).isEmpty());
            assertThat(a.outbox().bodies(io.gmeye.protocols.device.DeviceEvent.class)).singleElement()
                    .satisfies(e -> assertThat(e.data()).isEqualTo(Map.of("detail", "by 4403**********1234")));
            assertThat(new String(a.outbox().wireBytes(), StandardCharsets.UTF_8)).doesNotContain("440301199001011234");
        } finally {
            broker.destroy();
            broker.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
