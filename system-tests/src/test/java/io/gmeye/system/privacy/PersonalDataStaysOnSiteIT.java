package io.gmeye.system.privacy;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.app.Agent;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.store.Space;
import io.gmeye.platform.config.YamlConfigLoader;
import io.gmeye.platform.devicetypes.DeviceTypeCatalog;
import io.gmeye.platform.metrics.MicrometerMetrics;
import io.gmeye.protocols.checkpoint.CheckpointPass;
import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.device.DeviceCommandMessage;
import io.gmeye.protocols.device.DeviceEvent;
import io.gmeye.protocols.device.DeviceSecret;
import io.gmeye.protocols.device.DeviceType;
import io.gmeye.protocols.device.DeviceWire;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.fields.FieldKind;
import io.gmeye.protocols.fields.Undeclared;
import io.gmeye.rigs.devices.CoapSim;
import io.gmeye.rigs.devices.MqttSim;
import io.gmeye.rigs.metrics.PrometheusText;
import io.gmeye.rigs.net.FaultProxy;
import io.gmeye.system.privacy.Plantings.Planting;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.eclipse.paho.mqttv5.client.IMqttToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 数据不出域, proved on the wires: for every device type of the catalog, one device on MQTT
 * (Paho) and one on CoAP (Californium) put resident ID and mobile numbers into every field they
 * can fill (generated from the declarations, see {@link Plantings}), and answer a hub command
 * with them. Between agent and hub a tap records the uplink. Then the hub's whole store and the
 * agent's outbox are read through RocksDB, every column family: no planted number is anywhere,
 * while the masked forms and the salted hashes arrive where text and person references were
 * declared, every refusal told the device why, and the drops and masks are counted.
 */
class PersonalDataStaysOnSiteIT {
    static final String SITE = "site-p";
    static final String SALT = "district-salt-privacy-test";
    static final PersonRef PERSONS = new PersonRef(SALT);
    static final Path ROOT = Path.of(System.getProperty("gmeye.root", "..")).toAbsolutePath();

    /** What one planted message came to at the device. */
    record Sent(String device, DeviceType type, Planting planting, boolean accepted, String reason) {
    }

    @TempDir
    Path dir;

    @Test
    void noIdOrMobileNumberPlantedInAnyFieldOfAnyDeviceTypeLeavesTheAgentOverMqttOrCoap() throws Exception {
        DeviceTypeCatalog catalog = DeviceTypeCatalog.load(ROOT.resolve("config/device-types"));
        Hub hub = Hub.start(new YamlConfigLoader("GMEYE_").loadString("hub.yaml", """
                dataDir: %s
                mqtt: {host: 127.0.0.1, port: 0}
                http: {host: 127.0.0.1, port: 0}
                sites: [{id: %s, secret: p-secret}]
                auth: {initialAdminPassword: admin-pass-for-test}
                """.formatted(dir.resolve("hub"), SITE), HubConfig.class, Map.of())).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        FaultProxy wan = new FaultProxy(hub.mqttPort());
        wan.capture(true);
        MicrometerMetrics metrics = new MicrometerMetrics();
        Agent agent = Agent.start(agentConfig(catalog, wan.port()), Clock.systemUTC(), metrics);
        Map<String, MqttSim> mqtt = new TreeMap<>();
        Map<String, CoapSim> coap = new TreeMap<>();
        Set<String> commandIds = ConcurrentHashMap.newKeySet();
        List<Sent> sent = new CopyOnWriteArrayList<>();
        String uplink;
        try {
            int devicePort = agent.devices().mqttPorts().get(0);
            String coapBase = "coap://127.0.0.1:" + agent.devices().coapPorts().get(0);
            for (String type : catalog.all().keySet()) {
                mqtt.put(type, new MqttSim("tcp://127.0.0.1:" + devicePort, "m-" + type, secret("m-" + type),
                        (sim, cmd) -> answer(cmd, commandIds, body -> sim.publish("event", body))));
                CoapSim c = new CoapSim(coapBase, "c-" + type);
                if (type.equals("streetlight")) { // the one the hub commands
                    c.observeCommands((sim, cmd) -> answer(cmd, commandIds, body -> sim.post(true, body)));
                }
                coap.put(type, c);
            }
            mqtt.values().parallelStream().forEach(PersonalDataStaysOnSiteIT::connect);
            await(() -> agent.devices().links().reachable("c-streetlight") && agent.uplink().connected(), "devices and uplink up");

            // every planted message, MQTT and CoAP at once
            ExecutorService senders = Executors.newFixedThreadPool(2);
            Future<?> overMqtt = senders.submit(() -> {
                mqtt.forEach((type, sim) -> Plantings.of(catalog.find(type).orElseThrow(), PERSONS, true)
                        .forEach(p -> sent.add(viaMqtt(sim, catalog.find(type).orElseThrow(), p))));
                return null;
            });
            Future<?> overCoap = senders.submit(() -> {
                coap.forEach((type, sim) -> Plantings.of(catalog.find(type).orElseThrow(), PERSONS, false).stream()
                        .filter(p -> p.kind() != Plantings.Kind.STATUS)
                        .forEach(p -> sent.add(viaCoap(sim, catalog.find(type).orElseThrow(), p))));
                return null;
            });
            overMqtt.get(5, TimeUnit.MINUTES);
            overCoap.get(5, TimeUnit.MINUTES);
            senders.shutdown();
            // and a command from the hub to a lamp on each transport, answered with planted text and an undeclared result
            for (String lamp : List.of("m-streetlight", "c-streetlight")) {
                hub.commands().call(SITE, "device.command", lamp, Map.of("command", "dim", "args", Map.of("level", 40)), Duration.ofSeconds(30));
            }
            await(() -> commandIds.size() == 2 && commandIds.stream().allMatch(id -> hub.commands().find(id) != null
                    && hub.commands().find(id).status() == CommandStatus.SUCCEEDED), "both lamps' results at the hub");
            await(() -> agent.outbox().depth() == 0, "the agent's outbox drained into the hub");

            // what the hub holds, decoded: masked text and hashed persons arrived where they were declared
            Set<String> arrived = new HashSet<>();
            List<CommandResult> results = new ArrayList<>();
            EnvelopeCodec codec = new EnvelopeCodec();
            hub.store().scan(Space.MESSAGES, new byte[0], false, (k, v) -> {
                Envelope<?> e = codec.decode(v);
                if (e.body() instanceof DeviceEvent ev) {
                    ev.data().forEach((f, value) -> arrived.add(fact(ev.device(), ev.name(), f, value)));
                } else if (e.body() instanceof CheckpointPass pass) {
                    arrived.add(fact(pass.sentinel(), DeviceWire.SCAN, "ref", Map.of("personHash", pass.personHash(), "masked", pass.personMasked())));
                } else if (e.body() instanceof CommandResult r && r.status() == CommandStatus.SUCCEEDED) {
                    results.add(r);
                }
                return true;
            });
            List<String> expected = new ArrayList<>();
            sent.stream().filter(s -> s.accepted() && s.planting().arrives() != null).forEach(s -> expected.add(
                    fact(s.device(), s.planting().arrives().event(), s.planting().arrives().field(), s.planting().arrives().value())));
            System.out.printf("planted %d messages: %d taken, %d refused with a reason; %d masked texts and person hashes arrived%n",
                    sent.size(), sent.stream().filter(Sent::accepted).count(), sent.stream().filter(x -> !x.accepted()).count(), expected.size());
            assertThat(expected).as("planted text and person references the agent took").hasSizeGreaterThan(100);
            assertThat(arrived).containsAll(expected);
            assertThat(results).hasSize(2).allSatisfy(r -> {
                assertThat(r.message()).isEqualTo("dimmed by 4403**********1234, tel 159****4321");
                assertThat(r.result()).isEqualTo(Map.of("dim", 40)); // "owner" is no streetlight reading: dropped
            });
            // person references were declared in two places: the sentinel's scan and the charger's refused card
            assertThat(expected).anyMatch(f -> f.startsWith("m-sentinel|scan|ref|")).anyMatch(f -> f.startsWith("c-sentinel|scan|ref|"))
                    .anyMatch(f -> f.startsWith("m-ev_charger|card_refused|card|")).anyMatch(f -> f.startsWith("c-ev_charger|card_refused|card|"));
            uplink = new String(wan.captured(), StandardCharsets.ISO_8859_1);
            assertThat(uplink).contains(PERSONS.hash(Plantings.ID)).contains("4403**********1234").contains("159****4321");
        } finally {
            mqtt.values().forEach(MqttSim::close);
            coap.values().forEach(CoapSim::close);
            agent.close();
            wan.close();
            hub.close();
        }

        // every device was answered; every refusal carried a reason; a type that refuses undeclared fields said so
        assertThat(sent).hasSizeGreaterThan(2000);
        assertThat(sent).filteredOn(s -> !s.accepted()).allSatisfy(s -> assertThat(s.reason()).as(s.device() + " " + s.planting().what()).isNotBlank());
        assertThat(sent).filteredOn(s -> s.planting().undeclared() && s.type().undeclared() == Undeclared.REFUSE)
                .allSatisfy(s -> assertThat(s.reason()).as(s.device() + " " + s.planting().what()).contains("not declared for"));
        assertThat(sent).filteredOn(s -> s.planting().undeclared() && s.type().undeclared() == Undeclared.DROP)
                .allSatisfy(s -> assertThat(s.accepted()).as(s.device() + " " + s.planting().what() + ": " + s.reason()).isTrue());
        assertThat(sent).filteredOn(s -> s.planting().kind() != Plantings.Kind.STATUS).filteredOn(Sent::accepted).isNotEmpty();
        for (Sent s : sent) {
            assertNoneOf(s.reason() == null ? "" : s.reason(), "the reason " + s.device() + " got for " + s.planting().what());
        }
        // none of it on the wire to the hub, in the hub's store or in the agent's outbox, read through RocksDB
        assertNoneOf(uplink, "the captured uplink");
        List<String> read = new ArrayList<>();
        for (Path data : List.of(dir.resolve("hub"), dir.resolve("agent"))) {
            read.addAll(StoreScan.scan(data, e -> {
                String where = e.db() + " " + e.columnFamily();
                assertNoneOf(new String(e.key(), StandardCharsets.ISO_8859_1), "a key in " + where);
                assertNoneOf(new String(e.value(), StandardCharsets.ISO_8859_1), "a value in " + where);
                assertNoneOf(new String(e.value(), StandardCharsets.UTF_8), "a value in " + where);
            }));
        }
        assertThat(read).as("column families read: every space of the hub's store, the agent's outbox")
                .containsAll(java.util.Arrays.stream(Space.values()).map(sp -> "hub/store:" + sp.columnFamily()).toList())
                .contains("agent/outbox:p1_event", "agent/outbox:p3_telemetry", "agent/outbox:state");

        String scrape = metrics.scrape();
        for (DeviceType t : catalog.all().values()) {
            String action = t.undeclared() == Undeclared.DROP ? "dropped" : "refused";
            assertThat(PrometheusText.sum(scrape, "gmeye_devices_undeclared_fields_total", "type", t.type(), "action", action))
                    .as(t.type() + " undeclared fields " + action).isPositive();
        }
        for (String shape : List.of("resident_id", "old_resident_id", "mobile", "person_ref")) {
            assertThat(PrometheusText.sum(scrape, "gmeye_devices_personal_data_total", "shape", shape)).as(shape).isPositive();
        }
    }

    private interface Publisher {
        Object publish(Map<String, Object> body) throws Exception;
    }

    /** A lamp's answer to the hub's dim: succeeded, with a message and a result holding personal numbers. */
    private static void answer(DeviceCommandMessage cmd, Set<String> ids, Publisher publisher) {
        if (!"dim".equals(cmd.name())) {
            return;
        }
        ids.add(cmd.commandId());
        try {
            publisher.publish(Map.of("name", DeviceWire.COMMAND_RESULT, "data", Map.of("commandId", cmd.commandId(), "status", "succeeded",
                    "message", "dimmed by " + Plantings.ID + ", tel " + Plantings.MOBILE, "result", Map.of("dim", 40, "owner", Plantings.ID))));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static void connect(MqttSim sim) {
        try {
            sim.connect();
        } catch (Exception e) {
            throw new IllegalStateException(sim.id() + " could not connect", e);
        }
    }

    private static Sent viaMqtt(MqttSim sim, DeviceType type, Planting p) {
        try {
            IMqttToken t = sim.publish(p.kind().name().toLowerCase(), p.body());
            t.waitForCompletion(10_000);
            int code = t.getReasonCodes() == null || t.getReasonCodes().length == 0 ? 0 : t.getReasonCodes()[0];
            String reason = t.getResponseProperties() == null ? null : t.getResponseProperties().getReasonString();
            return new Sent(sim.id(), type, p, code < 0x80, reason);
        } catch (Exception e) {
            throw new IllegalStateException(sim.id() + " " + p.what() + ": no answer from the agent", e);
        }
    }

    private static Sent viaCoap(CoapSim sim, DeviceType type, Planting p) {
        try {
            String answer = sim.post(p.kind() == Plantings.Kind.EVENT, p.body()).get(10, TimeUnit.SECONDS);
            boolean ok = answer.startsWith("2.");
            return new Sent(sim.id(), type, p, ok, ok ? null : answer);
        } catch (Exception e) {
            throw new IllegalStateException(sim.id() + " " + p.what() + ": no answer from the agent", e);
        }
    }

    private static String fact(String device, String event, String field, Object value) {
        return device + "|" + event + "|" + field + "|" + (value instanceof Map<?, ?> m ? new TreeMap<>(m) : value);
    }

    private static void assertNoneOf(String text, String where) {
        for (String raw : Plantings.FORBIDDEN) {
            assertThat(text).as(where + " holds " + raw).doesNotContain(raw);
        }
        for (long n : Plantings.FORBIDDEN_LONGS) {
            assertThat(text).as(where + " holds " + n + " as 8 bytes")
                    .doesNotContain(new String(ByteBuffer.allocate(8).putLong(n).array(), StandardCharsets.ISO_8859_1));
        }
    }

    private AgentConfig agentConfig(DeviceTypeCatalog catalog, int hubPort) throws Exception {
        StringBuilder registry = new StringBuilder("devices:\n");
        for (String type : catalog.all().keySet()) {
            for (String prefix : List.of("m-", "c-")) {
                String id = prefix + type;
                registry.append("  - {id: ").append(id).append(", type: ").append(type).append(", secret: \"")
                        .append(DeviceSecret.hash(secret(id))).append('"');
                if (type.equals("sentinel") || type.equals("turnstile")) {
                    registry.append(", checkpoint: cp-").append(prefix.charAt(0));
                }
                registry.append("}\n");
            }
        }
        Files.writeString(dir.resolve("devices.yaml"), registry);
        return new YamlConfigLoader("GMEYE_").loadString("agent.yaml", """
                site: %s
                dataDir: %s
                hub: {url: "tcp://127.0.0.1:%d", password: p-secret, reconnectMin: 200ms, reconnectMax: 1s}
                health: {interval: 1s}
                devices:
                  enabled: true
                  typesDir: %s
                  registryFile: %s
                  mqtt: {enabled: true, host: 127.0.0.1, port: 0}
                  coap: {enabled: true, host: 127.0.0.1, port: 0, dtlsPort: 0, allowPlain: true}
                checkpoint: {enabled: true, salt: %s, turnstileTimeout: 2s}
                """.formatted(SITE, dir.resolve("agent"), hubPort, ROOT.resolve("config/device-types"), dir.resolve("devices.yaml"), SALT),
                AgentConfig.class, Map.of());
    }

    private static String secret(String id) {
        return "pw-" + id;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("timed out waiting until " + what);
            }
            Thread.sleep(50);
        }
    }
}
