package io.gmeye.agent.uplink;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.devices.Processes;
import io.gmeye.agent.devices.MosquittoSub;
import io.gmeye.agent.outbox.RocksOutbox;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.config.WhitelistDelta;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.protocols.topic.Topics;
import io.gmeye.rigs.net.FreePorts;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A message from the hub whose handler fails is logged, acknowledged and dropped. The uplink
 * acknowledges hub messages by hand (once taken), so without that a failing one would never be
 * acknowledged: it would hold a slot of the hub's in-flight window and the broker would hand it to
 * the persistent session again after each reconnect. Debian's mosquitto stands in for the hub's
 * broker side.
 */
class DownlinkHandlerFailureIT {
    private static final String SITE = "site-u";
    @TempDir
    Path dir;

    @Test
    void aHandlerThatThrowsDoesNotKeepTheUplinkDownNorBlockTheNextCommand() throws Exception {
        int port = FreePorts.next();
        Path conf = dir.resolve("mosquitto.conf");
        Files.writeString(conf, "listener " + port + " 127.0.0.1\nallow_anonymous true\nlog_type all\n");
        Process broker = new ProcessBuilder("mosquitto", "-c", conf.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("mosquitto.log").toFile()).start();
        Clock clock = Clock.systemUTC();
        CommandRouter router = new CommandRouter(clock);
        router.register("echo", c -> CompletableFuture.completedFuture(new CommandResult(c.commandId(), CommandStatus.SUCCEEDED, "echo", Map.of())));
        AtomicInteger thrown = new AtomicInteger();
        MosquittoSub sub = null;
        try (RocksOutbox outbox = new RocksOutbox(dir.resolve("outbox"), 64L << 20, clock, Metrics.NOOP)) {
            awaitListening(port);
            MqttUplink uplink = new MqttUplink(SITE, new UplinkConfig("tcp://127.0.0.1:" + port, SITE, "x", null, null, null, null, null,
                    Duration.ofMillis(100), Duration.ofMillis(300), null, null, Duration.ofSeconds(3)), outbox, router, Metrics.NOOP, clock);
            uplink.onDownlink(MessageType.WHITELIST_DELTA, m -> {
                thrown.incrementAndGet();
                throw new IllegalStateException("a handler bug");
            });
            try {
                uplink.start();
                await(uplink::connected, "the uplink connects");
                sub = MosquittoSub.subscribed("-V", "5", "-q", "1", "-h", "127.0.0.1", "-p", String.valueOf(port), "-t",
                        "gm/v1/" + SITE + "/up/#");
                EnvelopeCodec codec = new EnvelopeCodec();
                pub(port, Topics.down(SITE, MessageType.WHITELIST_DELTA.wire()),
                        codec.encodeToString(Envelope.create(SITE, "hub", new WhitelistDelta(0, 1, false, List.of(), List.of()))));
                pub(port, Topics.down(SITE, "echo"), codec.encodeToString(Envelope.create(SITE, "hub", new Command("c-after", "echo", "agent", Map.of(), 0))));

                String line;
                do {
                    line = sub.nextPayload(30);
                } while (line != null && !line.contains("c-after"));
                MosquittoSub printed = sub;
                assertThat(line).as(() -> "the command behind the failing message is answered; mosquitto_sub printed " + printed.seen()).contains("\"status\":\"succeeded\"");
                assertThat(thrown.get()).as("the failing message is handled once, not again after reconnects").isEqualTo(1);
            } finally {
                uplink.close();
            }
            // the same session again: a message left unacknowledged would come first, before the next command
            MqttUplink again = new MqttUplink(SITE, new UplinkConfig("tcp://127.0.0.1:" + port, SITE, "x", null, null, null, null, null,
                    Duration.ofMillis(100), Duration.ofMillis(300), null, null, Duration.ofSeconds(3)), outbox, router, Metrics.NOOP, clock);
            again.onDownlink(MessageType.WHITELIST_DELTA, m -> {
                thrown.incrementAndGet();
                return CompletableFuture.completedFuture(null);
            });
            try {
                again.start();
                await(again::connected, "the uplink connects again");
                pub(port, Topics.down(SITE, "echo"), new EnvelopeCodec().encodeToString(Envelope.create(SITE, "hub",
                        new Command("c-next", "echo", "agent", Map.of(), 0))));
                String line;
                do {
                    line = sub.nextPayload(30);
                } while (line != null && !line.contains("c-next"));
                assertThat(line).contains("\"status\":\"succeeded\"");
                assertThat(thrown.get()).as("the failed message was acknowledged: the broker does not hand it over again").isEqualTo(1);
            } finally {
                again.close();
            }
        } finally {
            if (sub != null) {
                sub.close();
            }
            broker.destroy();
            broker.waitFor();
        }
    }

    private static void pub(int port, String topic, String json) throws Exception {
        Processes.Result r = Processes.run(10, "mosquitto_pub", "-V", "5", "-q", "1", "-h", "127.0.0.1", "-p", String.valueOf(port), "-t", topic,
                "-m", json);
        assertThat(r.exit()).as(r.out()).isZero();
    }

    static void awaitListening(int port) throws Exception {
        await(() -> {
            try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
                return true;
            } catch (java.io.IOException e) {
                return false;
            }
        }, "mosquitto listens");
    }

    static void await(java.util.function.BooleanSupplier c, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!c.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not in time: " + what);
            }
            Thread.sleep(20);
        }
    }
}
