package io.gmeye.agent.devices.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.devices.DevicesConfig;
import io.gmeye.agent.devices.DevicesFeature;
import io.gmeye.agent.devices.TestEstate;
import io.gmeye.agent.outbox.RocksOutbox;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.device.DeviceCommandMessage;
import io.gmeye.rigs.devices.MqttSim;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Device commands kept across a restart of the agent: the devices feature on the real RocksDB
 * outbox, closed and opened again on the same folder, with the agent's clock moved on in
 * between.
 */
class DeviceCommandRestartTest {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(Instant.parse("2026-11-28T08:00:00Z"));

    /** One run of the agent's devices feature; closing it ends the run. */
    final class Run implements AutoCloseable {
        final Vertx vertx = Vertx.vertx();
        final RocksOutbox outbox = new RocksOutbox(dir.resolve("outbox"), 1L << 30, clock, Metrics.NOOP);
        final DevicesFeature feature;

        Run(DevicesConfig config) throws Exception {
            feature = new DevicesFeature("site-a", vertx, outbox, clock, Metrics.NOOP, config, Path.of("/"), TestEstate.PERSONS);
            feature.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }

        void send(String id, String command, long expiresAt) {
            feature.commandHandler().handle(new Command(id, DeviceCommands.NAME, "lamp-1", Map.of("command", command), expiresAt));
        }

        /** What the outbox holds for the hub about one command, in order. */
        List<CommandResult> reported(String commandId) {
            EnvelopeCodec codec = new EnvelopeCodec();
            return outbox.peek(Map.of(), 1000).stream().map(r -> codec.decode(r.envelope()).body())
                    .filter(b -> b instanceof CommandResult r && r.commandId().equals(commandId)).map(CommandResult.class::cast).toList();
        }

        /** Keys of the kept commands not yet ended (ended ones stay as markers). */
        java.util.Set<String> open() {
            java.util.Set<String> out = new java.util.TreeSet<>();
            outbox.state(KeptCommand.PREFIX).forEach((k, v) -> {
                if (!io.gmeye.agent.outbox.StateChange.read(v, KeptCommand.class).status().terminal()) {
                    out.add(k);
                }
            });
            return out;
        }

        List<CommandStatus> statuses(String commandId) {
            return reported(commandId).stream().map(CommandResult::status).toList();
        }

        @Override
        public void close() throws Exception {
            feature.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            outbox.close();
        }
    }

    @Test
    void aQueuedCommandWhoseDeadlinePassedWhileTheAgentWasDownIsReportedExpiredAndTheOtherKeepsWaiting() throws Exception {
        DevicesConfig config = new TestEstate(dir).device("lamp-1", "streetlight").config();
        long now = clock.millis();
        try (Run first = new Run(config)) {
            first.send("cmd-soon", "turn_on", now + 60_000);
            first.send("cmd-later", "turn_off", now + 3_600_000);
            await().atMost(WAIT).until(() -> first.outbox.state(KeptCommand.PREFIX).size() == 2);
            assertThat(first.statuses("cmd-soon")).containsExactly(CommandStatus.QUEUED);
        }
        clock.advance(Duration.ofMinutes(5));
        try (Run second = new Run(config)) {
            await().atMost(WAIT).until(() -> second.statuses("cmd-soon").contains(CommandStatus.EXPIRED));
            assertThat(second.statuses("cmd-soon")).containsExactly(CommandStatus.QUEUED, CommandStatus.EXPIRED);
            assertThat(second.reported("cmd-soon").get(1).message()).contains("deadline").contains("agent was down");
            assertThat(second.open()).containsOnly(KeptCommand.key("cmd-later"));
            assertThat(second.statuses("cmd-later")).containsExactly(CommandStatus.QUEUED);
        }
    }

    @Test
    void aCommandDeliveredBeforeARestartTakesALateResultAndOtherwiseTimesOutWithTheReason() throws Exception {
        DevicesConfig c = new TestEstate(dir).device("lamp-1", "streetlight").config();
        // a result time far longer than the test: only the moved clock ends a wait
        DevicesConfig config = new DevicesConfig(c.enabled(), c.typesDir(), c.registryFile(), c.mqtt(), c.coap(), c.offlineAfterHeartbeats(),
                c.healthInterval(), c.fullHealthInterval(), c.healthBatchSize(), Duration.ofHours(1), c.broker());
        BlockingQueue<DeviceCommandMessage> lampGot = new LinkedBlockingQueue<>();
        String uri = "tcp://127.0.0.1:" + config.mqtt().port();
        long now = clock.millis();
        try (Run first = new Run(config)) {
            try (MqttSim lamp = new MqttSim(uri, "lamp-1", TestEstate.secret("lamp-1"), (sim, cmd) -> lampGot.add(cmd)).connect()) {
                await().atMost(WAIT).until(() -> first.feature.links().reachable("lamp-1"));
                first.send("cmd-answered", "turn_on", now + 3_600_000);
                first.send("cmd-silent", "turn_off", now + 3_600_000);
                assertThat(lampGot.poll(30, TimeUnit.SECONDS)).isNotNull();
                assertThat(lampGot.poll(30, TimeUnit.SECONDS)).isNotNull();
                await().atMost(WAIT).until(() -> first.statuses("cmd-answered").contains(CommandStatus.DELIVERED)
                        && first.statuses("cmd-silent").contains(CommandStatus.DELIVERED));
            }
        }
        // restarted within the result time: the lamp's late answer to one command still counts
        clock.advance(Duration.ofSeconds(1));
        try (Run second = new Run(config)) {
            try (MqttSim lamp = new MqttSim(uri, "lamp-1", TestEstate.secret("lamp-1"), (sim, cmd) -> lampGot.add(cmd)).connect()) {
                lamp.event("cmd.result", Map.of("commandId", "cmd-answered", "status", "succeeded")).waitForCompletion(10_000);
            }
            await().atMost(WAIT).until(() -> second.statuses("cmd-answered").contains(CommandStatus.SUCCEEDED));
            assertThat(lampGot).as("not sent twice").isEmpty();
            assertThat(second.open()).containsOnly(KeptCommand.key("cmd-silent"));
        }
        // restarted after the result time: the silent one ends timed out, saying why
        clock.advance(config.commandTimeout());
        try (Run third = new Run(config)) {
            await().atMost(WAIT).until(() -> third.statuses("cmd-silent").contains(CommandStatus.TIMED_OUT));
            CommandResult end = third.reported("cmd-silent").get(third.reported("cmd-silent").size() - 1);
            assertThat(end.message()).contains("agent restarted before lamp-1 answered");
            assertThat(third.open()).isEmpty();
        }
    }

    @Test
    void aCommandTheHubSendsAgainAfterItEndedIsReportedAgainAndNeverExecutedTwiceEvenAfterARestart() throws Exception {
        DevicesConfig config = new TestEstate(dir).device("lamp-1", "streetlight").config();
        BlockingQueue<DeviceCommandMessage> lampGot = new LinkedBlockingQueue<>();
        String uri = "tcp://127.0.0.1:" + config.mqtt().port();
        Command dim = new Command("cmd-dim", DeviceCommands.NAME, "lamp-1", Map.of("command", "dim", "args", Map.of("level", 30)),
                clock.millis() + 600_000);
        try (Run first = new Run(config)) {
            try (MqttSim lamp = new MqttSim(uri, "lamp-1", TestEstate.secret("lamp-1"), (sim, cmd) -> {
                lampGot.add(cmd);
                try {
                    sim.event("cmd.result", Map.of("commandId", cmd.commandId(), "status", "succeeded"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }).connect()) {
                await().atMost(WAIT).until(() -> first.feature.links().reachable("lamp-1"));
                CommandResult end = ((io.gmeye.agent.uplink.KeepingCommandHandler) first.feature.commandHandler()).handle(dim)
                        .get(30, TimeUnit.SECONDS);
                assertThat(end.status()).isEqualTo(CommandStatus.SUCCEEDED);
                assertThat(lampGot.poll(5, TimeUnit.SECONDS).params()).containsEntry("level", 30);
            }
        }
        clock.advance(Duration.ofSeconds(5));
        try (Run second = new Run(config)) {
            try (MqttSim lamp = new MqttSim(uri, "lamp-1", TestEstate.secret("lamp-1"), (sim, cmd) -> lampGot.add(cmd)).connect()) {
                await().atMost(WAIT).until(() -> second.feature.links().reachable("lamp-1"));
                // the hub never heard the agent take it (the PUBACK was lost with the connection) and sends it again
                ((io.gmeye.agent.uplink.KeepingCommandHandler) second.feature.commandHandler()).take(dim).get(30, TimeUnit.SECONDS);
                await().atMost(WAIT).until(() -> second.statuses("cmd-dim").stream().filter(CommandStatus.SUCCEEDED::equals).count() == 2);
                List<CommandStatus> told = second.statuses("cmd-dim");
                assertThat(told.subList(told.size() - 2, told.size())).as("its end reported again")
                        .containsExactly(CommandStatus.SUCCEEDED, CommandStatus.SUCCEEDED);
                assertThat(told).containsSubsequence(CommandStatus.QUEUED, CommandStatus.SENT, CommandStatus.SUCCEEDED);
                assertThat(lampGot.poll(1, TimeUnit.SECONDS)).as("not executed twice").isNull();
            }
        }
        // a day past its deadline the marker goes, with the next command that ends
        clock.advance(Duration.ofMillis(DeviceCommands.MARKER_RETENTION_MS).plusMinutes(20));
        try (Run third = new Run(config)) {
            third.send("cmd-other", "turn_on", clock.millis() + 1_000);
            await().atMost(WAIT).until(() -> third.statuses("cmd-other").contains(CommandStatus.EXPIRED));
            await().atMost(WAIT).until(() -> !third.outbox.state(KeptCommand.PREFIX).containsKey(KeptCommand.key("cmd-dim")));
        }
    }
}
