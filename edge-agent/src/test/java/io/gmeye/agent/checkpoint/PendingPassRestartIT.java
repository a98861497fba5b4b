package io.gmeye.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.devices.DevicesConfig;
import io.gmeye.agent.devices.DevicesFeature;
import io.gmeye.agent.devices.TestEstate;
import io.gmeye.agent.outbox.RocksOutbox;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.checkpoint.CheckpointPass;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.config.WhitelistDelta;
import io.gmeye.protocols.device.DeviceCommandMessage;
import io.gmeye.rigs.devices.MqttSim;
import io.vertx.core.Vertx;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A pass whose turnstile had not reported when the agent stopped: the real outbox and whitelist
 * stores are closed and opened again on the same folder, and the pass gets its outcome record
 * with the reason, so the hub keeps no pass open.
 */
class PendingPassRestartIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    static final String ALICE = "440301199001011234";
    static final String ERIN = "440304200202023456";

    @TempDir
    Path dir;

    /** One run of the agent's devices and checkpoints on the real stores in {@code dir}; closing it ends the run. */
    final class Run implements AutoCloseable {
        final Vertx vertx = Vertx.vertx();
        final RocksOutbox outbox = new RocksOutbox(dir.resolve("outbox"), 1L << 30, Clock.systemUTC(), Metrics.NOOP);
        final DevicesFeature devices;
        final CheckpointFeature checkpoints;

        Run(DevicesConfig config) throws Exception {
            devices = new DevicesFeature("site-a", vertx, outbox, Clock.systemUTC(), Metrics.NOOP, config, Path.of("/"), TestEstate.PERSONS);
            devices.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
            // a turnstile time far longer than the test: only a restart can leave the pass open
            checkpoints = new CheckpointFeature("site-a", vertx, outbox, Clock.systemUTC(), Metrics.NOOP,
                    new CheckpointConfig(true, Whitelists.SALT, "whitelist", 37.3, Duration.ofHours(1)), devices, dir);
            checkpoints.start().toCompletionStage().toCompletableFuture().get(20, TimeUnit.SECONDS);
        }

        /** The pass records the outbox holds for the hub, in order. */
        List<CheckpointPass> records(String passId) {
            EnvelopeCodec codec = new EnvelopeCodec();
            return outbox.peek(Map.of(), 1000).stream().map(r -> codec.decode(r.envelope()).body())
                    .filter(b -> b instanceof CheckpointPass p && p.passId().equals(passId)).map(CheckpointPass.class::cast).toList();
        }

        @Override
        public void close() throws Exception {
            checkpoints.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            devices.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
            outbox.close();
        }
    }

    @Test
    void aPassLeftWaitingForItsTurnstileGetsItsOutcomeWithTheReasonWhenTheAgentStartsAgain() throws Exception {
        DevicesConfig config = new TestEstate(dir).device("s-1", "sentinel", "cp-1", null).device("t-1", "turnstile", "cp-1", null).config();
        String uri = "tcp://127.0.0.1:" + config.mqtt().port();
        BlockingQueue<DeviceCommandMessage> gate = new LinkedBlockingQueue<>();
        String open;
        String walkedThrough;
        try (Run first = new Run(config)) {
            first.checkpoints.whitelist().onDelta(new WhitelistDelta(-1, 1, false, List.of(Whitelists.white(ALICE), Whitelists.white(ERIN)),
                    List.of())).get(10, TimeUnit.SECONDS);
            try (MqttSim turnstile = new MqttSim(uri, "t-1", TestEstate.secret("t-1"), (sim, cmd) -> gate.add(cmd)).connect();
                 MqttSim sentinel = new MqttSim(uri, "s-1", TestEstate.secret("s-1"), (sim, cmd) -> { }).connect()) {
                walkedThrough = scan(sentinel, gate, ERIN);
                turnstile.event("passed", Map.of("passId", walkedThrough)).waitForCompletion(10_000);
                open = scan(sentinel, gate, ALICE); // the turnstile never reports this one
            }
            assertThat(first.outbox.state(CheckpointService.KEPT)).containsOnlyKeys(CheckpointService.KEPT + open);
            assertThat(first.records(open)).extracting(CheckpointPass::outcome).containsExactly((String) null);
        }
        try (Run second = new Run(config)) {
            await().atMost(WAIT).until(() -> second.records(open).size() == 2);
            CheckpointPass ended = second.records(open).get(1);
            assertThat(ended.outcome()).isEqualTo("no_report");
            assertThat(ended.reason()).isEqualTo("on the whitelist; " + CheckpointService.RESTARTED);
            assertThat(second.outbox.state(CheckpointService.KEPT)).isEmpty();
            assertThat(second.records(walkedThrough)).extracting(CheckpointPass::outcome).containsExactly(null, "passed");
            assertThat(second.checkpoints.gates().awaiting()).isZero();
        }
    }

    /** A scan the agent has made durable (the sentinel's PUBACK), and the turnstile opened for it; returns the passId. */
    private static String scan(MqttSim sentinel, BlockingQueue<DeviceCommandMessage> gate, String ref) throws Exception {
        var t = sentinel.event("scan", Map.of("credential", "id_card", "ref", ref, "healthCode", "green", "temperature", 36.5));
        t.waitForCompletion(10_000);
        assertThat(t.getReasonCodes()).containsExactly(0);
        DeviceCommandMessage cmd = gate.poll(30, TimeUnit.SECONDS);
        assertThat(cmd).isNotNull();
        assertThat(cmd.name()).isEqualTo("open");
        return (String) cmd.params().get("passId");
    }
}
