package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.hub.app.Hub;
import io.gmeye.hub.checkpoint.CheckpointRecords;
import io.gmeye.hub.command.CommandRecord;
import io.gmeye.hub.command.CommandReply;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.store.Space;
import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.config.WhitelistEntry;
import io.gmeye.protocols.device.DeviceCommandMessage;
import io.gmeye.protocols.device.DeviceSecret;
import io.gmeye.rigs.devices.MqttSim;
import io.gmeye.rigs.net.FreePorts;
import io.vertx.core.Future;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent process killed with SIGKILL while it holds work for the hub: a device command queued
 * for a lamp that is offline, one delivered to another lamp that has not answered yet, and a
 * checkpoint pass whose turnstile has not reported. The hub runs in this JVM, the devices are
 * Paho clients on the agent's device endpoint. After the restart the hub ends with the right
 * final state of each: both commands succeeded (the second after the hub itself had given up
 * waiting), and the pass closed with the reason.
 */
class DeviceCommandAgentKillIT {
    private static final String SITE = "site-d";
    private static final String SALT = "district-salt-kill-test";
    private static final String ALICE = "440301199001011234";
    private static final Pattern AGENT_RUNNING = Pattern.compile("agent for site " + SITE + " running");

    @TempDir
    Path dir;

    @Test
    void commandsAndAPendingPassSurviveAKillOfTheAgentAndTheHubEndsWithTheirFinalStates() throws Exception {
        Hub hub = Hub.start(new HubConfig(dir.resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0, null, null),
                new HubConfig.HttpSection("127.0.0.1", 0), List.of(new HubConfig.SiteSection(SITE, SITE, "d-secret", null, List.of())),
                new HubConfig.AuthSection(null, null, "admin-pass-for-test")))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        PersonRef refs = new PersonRef(SALT);
        hub.whitelist().update(List.of(new WhitelistEntry(refs.hash(ALICE), "white", PersonRef.mask(ALICE), 0)), List.of(), "test");
        int devicePort = FreePorts.next();
        Path agentYaml = agentFiles(hub.mqttPort(), devicePort);
        String devices = "tcp://127.0.0.1:" + devicePort;
        Path logs = dir.resolve("logs");
        Map<String, String> env = new HashMap<>();
        List<AutoCloseable> open = new ArrayList<>();
        JavaProcess agent = JavaProcess.start("agent-1", logs, env, "io.gmeye.agent.app.AgentMain", agentYaml.toString());
        try {
            agent.await(AGENT_RUNNING, Duration.ofSeconds(60));
            await(() -> hub.whitelist().siteVersions().getOrDefault(SITE, -1L) == 1, "the agent holds the whitelist", agent);

            // lamp-2 is connected and takes its command, but answers only after the agent was killed
            BlockingQueue<DeviceCommandMessage> lamp2Got = new LinkedBlockingQueue<>();
            MqttSim lamp2before = open(open, new MqttSim(devices, "lamp-2", "pw-lamp-2", (sim, c) -> lamp2Got.add(c)).connect());
            Future<CommandReply> answeredLate = hub.commands().call(SITE, "device.command", "lamp-2", Map.of("command", "turn_on"),
                    Duration.ofSeconds(10));
            DeviceCommandMessage toLamp2 = lamp2Got.poll(60, TimeUnit.SECONDS);
            assertThat(toLamp2).as("lamp-2 got its command").isNotNull();
            await(() -> reported(hub, toLamp2.commandId()).contains(CommandStatus.DELIVERED), "the agent reported the delivery", agent);

            // lamp-1 is offline: its command waits at the agent
            Future<CommandReply> queued = hub.commands().call(SITE, "device.command", "lamp-1", Map.of("command", "dim",
                    "args", Map.of("level", 40)), Duration.ofMinutes(3));
            String queuedId = await(() -> commandFor(hub, "lamp-1"), "the hub keeps the command for lamp-1", agent).command().commandId();
            await(() -> reported(hub, queuedId).contains(CommandStatus.QUEUED), "the agent reported lamp-1's command queued", agent);

            // a whitelisted person is let through, but the turnstile never reports
            BlockingQueue<DeviceCommandMessage> gate = new LinkedBlockingQueue<>();
            open(open, new MqttSim(devices, "t-1", "pw-t-1", (sim, c) -> gate.add(c)).connect());
            MqttSim sentinel = open(open, new MqttSim(devices, "s-1", "pw-s-1", (sim, c) -> { }).connect());
            IMqttToken scanned = sentinel.event("scan", Map.of("credential", "id_card", "ref", ALICE, "healthCode", "green", "temperature", 36.5));
            scanned.waitForCompletion(30_000);
            assertThat(scanned.getReasonCodes()).as("the agent stored the scan").containsExactly(0);
            DeviceCommandMessage opened = gate.poll(60, TimeUnit.SECONDS);
            assertThat(opened).isNotNull().extracting(DeviceCommandMessage::name).isEqualTo("open");
            String passId = (String) opened.params().get("passId");

            agent.kill9();
            lamp2before.close(); // the lamp connects again below, as a device would after losing the agent
            // the hub gives up on lamp-2's command while the agent is down
            await(answeredLate::failed, "the hub timed out lamp-2's command", agent);
            assertThat(hub.commands().find(toLamp2.commandId()).status()).isEqualTo(CommandStatus.TIMED_OUT);

            agent = JavaProcess.start("agent-2", logs, env, "io.gmeye.agent.app.AgentMain", agentYaml.toString());
            agent.await(AGENT_RUNNING, Duration.ofSeconds(60));
            JavaProcess running = agent;

            // the pass left open is closed, with the reason
            await(() -> passOutcome(hub, passId).isPresent(), "the hub holds the pass's outcome", running);
            CheckpointRecords.StoredPass pass = hub.checkpoints().passes("cp-1", 10).stream()
                    .filter(p -> p.pass().passId().equals(passId)).findFirst().orElseThrow();
            assertThat(pass.pass().outcome()).isEqualTo("no_report");
            assertThat(pass.pass().reason()).contains("agent restarted before the turnstile reported");

            // lamp-2 answers now: the restarted agent still takes the answer, and the hub's timeout gives way to it
            MqttSim lamp2 = open(open, new MqttSim(devices, "lamp-2", "pw-lamp-2", (sim, c) -> lamp2Got.add(c)).connect());
            await(() -> answered(hub, lamp2, toLamp2.commandId()), "lamp-2's command succeeded at the hub", running);

            // lamp-1 comes online, gets the command kept through the kill, and answers
            BlockingQueue<DeviceCommandMessage> lamp1Got = new LinkedBlockingQueue<>();
            MqttSim lamp1 = open(open, new MqttSim(devices, "lamp-1", "pw-lamp-1", (sim, c) -> lamp1Got.add(c)).connect());
            DeviceCommandMessage toLamp1 = lamp1Got.poll(60, TimeUnit.SECONDS);
            assertThat(toLamp1).as("lamp-1 got the command queued before the kill").isNotNull();
            assertThat(toLamp1.commandId()).isEqualTo(queuedId);
            assertThat(toLamp1.params()).containsEntry("level", 40);
            await(() -> answered(hub, lamp1, queuedId), "lamp-1's command succeeded at the hub", running);
            CommandReply reply = queued.toCompletionStage().toCompletableFuture().get(60, TimeUnit.SECONDS);
            assertThat(reply.result().status()).as("the hub's caller got the answer").isEqualTo(CommandStatus.SUCCEEDED);
            assertThat(reported(hub, queuedId)).containsSubsequence(CommandStatus.QUEUED, CommandStatus.SENT, CommandStatus.DELIVERED,
                    CommandStatus.SUCCEEDED);
            assertThat(lamp2Got).as("a command delivered before the kill is not sent twice").isEmpty();
        } finally {
            for (AutoCloseable c : open) {
                c.close();
            }
            agent.close();
            hub.close();
        }
    }

    private Path agentFiles(int hubPort, int devicePort) throws Exception {
        Path registry = dir.resolve("devices.yaml");
        Files.writeString(registry, "devices:\n"
                + "  - {id: s-1, type: sentinel, checkpoint: cp-1, secret: \"" + DeviceSecret.hash("pw-s-1") + "\"}\n"
                + "  - {id: t-1, type: turnstile, checkpoint: cp-1, secret: \"" + DeviceSecret.hash("pw-t-1") + "\"}\n"
                + "  - {id: lamp-1, type: streetlight, secret: \"" + DeviceSecret.hash("pw-lamp-1") + "\"}\n"
                + "  - {id: lamp-2, type: streetlight, secret: \"" + DeviceSecret.hash("pw-lamp-2") + "\"}\n");
        Path yaml = dir.resolve("agent.yaml");
        // result and turnstile times far longer than the test: only the kill can leave work open
        Files.writeString(yaml, """
                site: %s
                dataDir: %s
                hub: {url: "tcp://127.0.0.1:%d", password: d-secret, reconnectMin: 200ms, reconnectMax: 1s}
                health: {interval: 1s}
                devices:
                  enabled: true
                  typesDir: %s
                  registryFile: %s
                  mqtt: {enabled: true, host: 127.0.0.1, port: %d}
                  coap: {enabled: false}
                  commandTimeout: 10m
                checkpoint: {enabled: true, salt: %s, turnstileTimeout: 10m}
                """.formatted(SITE, dir.resolve("agent"), hubPort, Path.of(System.getProperty("gmeye.root")).resolve("config/device-types"),
                registry, devicePort, SALT));
        return yaml;
    }

    private static <T extends AutoCloseable> T open(List<AutoCloseable> open, T c) {
        open.add(c);
        return c;
    }

    /**
     * Whether the hub holds the command as succeeded; if not, the device (re)sends its result. A
     * device that is not yet reconnected fails to publish and tries again on the next round.
     */
    private static boolean answered(Hub hub, MqttSim device, String commandId) {
        if (hub.commands().find(commandId).status() == CommandStatus.SUCCEEDED) {
            return true;
        }
        try {
            device.event("cmd.result", Map.of("commandId", commandId, "status", "succeeded")).waitForCompletion(5_000);
        } catch (Exception e) {
            // not connected yet: the next round tries again
        }
        return false;
    }

    /** The states the agent reported for a command, in the order the hub stored them. */
    private static List<CommandStatus> reported(Hub hub, String commandId) {
        EnvelopeCodec codec = new EnvelopeCodec();
        List<CommandResult> results = new ArrayList<>();
        List<Long> seqs = new ArrayList<>();
        hub.store().scan(Space.MESSAGES, new byte[0], false, (k, v) -> {
            var e = codec.decode(v);
            if (e.body() instanceof CommandResult r && r.commandId().equals(commandId)) {
                results.add(r);
                seqs.add(e.seq());
            }
            return true;
        });
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            order.add(i);
        }
        order.sort((a, b) -> Long.compare(seqs.get(a), seqs.get(b)));
        return order.stream().map(i -> results.get(i).status()).toList();
    }

    private static Optional<CommandRecord> commandFor(Hub hub, String device) {
        List<CommandRecord> found = new ArrayList<>();
        hub.store().scan(Space.COMMANDS, new byte[0], false, (k, v) -> {
            try {
                CommandRecord r = Json.mapper().readValue(v, CommandRecord.class);
                if (r.command().target().equals(device)) {
                    found.add(r);
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return true;
        });
        return found.stream().findFirst();
    }

    private static Optional<String> passOutcome(Hub hub, String passId) {
        return hub.checkpoints().passes("cp-1", 10).stream().filter(p -> p.pass().passId().equals(passId))
                .map(p -> p.pass().outcome()).filter(o -> o != null).findFirst();
    }

    private static void await(BooleanSupplier condition, String what, JavaProcess agent) throws Exception {
        await(() -> condition.getAsBoolean() ? Optional.of(true) : Optional.empty(), what, agent);
    }

    private static <T> T await(java.util.function.Supplier<Optional<T>> condition, String what, JavaProcess agent) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (true) {
            Optional<T> v = condition.get();
            if (v.isPresent()) {
                return v.get();
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out waiting until " + what + "; agent log:\n" + agent.tail());
            }
            Thread.sleep(50);
        }
    }
}
