package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.gmeye.hub.ingest.IngestService;
import io.gmeye.hub.views.StreamClient;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.protocols.device.DeviceCommandMessage;
import io.gmeye.protocols.device.DeviceSecret;
import io.gmeye.rigs.devices.MqttSim;
import io.gmeye.hub.store.RocksStore;
import io.gmeye.hub.store.Space;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.codec.Json;
import io.gmeye.rigs.kafka.Haproxy;
import io.gmeye.rigs.kafka.KafkaBrokers;
import io.gmeye.rigs.net.FreePorts;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three Kafka brokers, three hub nodes and HAProxy, each its own process; three real agents
 * (LoadAgent: outbox, uplink, mixed burst): site 1's through HAProxy, sites 2 and 3 with the
 * nodes' list in their hub.url (node 2 first for site 2, node 3 first for site 3).
 * During the burst hub node 2 is killed with kill -9 (its agent fails over with its outbox),
 * then one broker; the node comes back and catches up. Afterwards every node holds every id an
 * agent accepted exactly once, and the operators' views are the same on every node. Before the
 * burst: a session made on node 1 works on node 2, and a logout on node 2 ends it on node 1.
 * After it: two operators acting on one work item through two nodes get one success and one 409,
 * and node 3's WebSocket shows the change; and a fourth site's real agent (a camera from the RTSP
 * rig, an MQTT lamp), connected to node 1 only, answers a snapshot on call and a live view asked
 * through node 2, a clip fetch and a device command through node 3, whose states reach every node,
 * and takes a whitelist entry posted through node 2 and a site configuration put through node 3;
 * the snapshot command's record, with its final state, reads the same on every node. An alert's
 * state set through two nodes at once, a registry import through node 3 and a removal through
 * nodes 1 and 2 at once get the single-node outcome (one success, one 409 or 404) on every node.
 * Then that agent stops: its site's silence and a command nobody takes are decided once, by the
 * leader, the same on every node, also when the leader is killed during the outage.
 */
class HubClusterIT {
    private static final Pattern READY = Pattern.compile("gmeye hub ready");
    private static final String ADMIN_PASSWORD = "cluster-admin-2026";
    private static final int SITES = 3;
    private static final int PER_AGENT = 3_000;
    private static final int RATE = 200;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @TempDir
    Path dir;

    /** One hub node: its config, its process, its ports. */
    record Node(String name, Path yaml, Path data, int mqtt, int http) {
        JavaProcess start(Path logs, int run) throws Exception {
            JavaProcess p = JavaProcess.start(name + "-" + run, logs, new HashMap<>(), "io.gmeye.hub.app.HubMain", yaml.toString());
            p.await(READY, Duration.ofSeconds(120));
            return p;
        }
    }

    private static final Path ROOT = Path.of(System.getProperty("gmeye.root", "..")).toAbsolutePath();

    /** Node {@code i} (1-based); {@code routing} holds every node's Hazelcast port, so each lists all members. */
    private Node node(int i, String bootstrap, List<Integer> routing) throws Exception {
        String name = "node-" + i;
        String members = String.join(",", routing.stream().map(p -> "127.0.0.1:" + p).toList());
        Path data = dir.resolve(name);
        int mqtt = FreePorts.next();
        int http = FreePorts.next();
        StringBuilder sites = new StringBuilder();
        for (int s = 1; s <= SITES; s++) {
            sites.append("  - {id: site-").append(s).append(", secret: secret-").append(s).append("}\n");
        }
        sites.append(RoutedSite.hubYamlSite());
        Path yaml = dir.resolve(name + ".yaml");
        Files.writeString(yaml, """
                dataDir: %s
                mqtt: {host: 127.0.0.1, port: %d}
                http: {host: 127.0.0.1, port: %d}
                auth: {initialAdminPassword: "%s"}
                deviceTypes: %s
                siteTimeout: 5s
                cluster: {node: %s, kafka: {bootstrap: "%s", partitions: 6}, routing: {port: %d, members: "%s"}}
                sites:
                %s""".formatted(data, mqtt, http, ADMIN_PASSWORD, ROOT.resolve("config/device-types"), name, bootstrap, routing.get(i - 1),
                members, sites));
        return new Node(name, yaml, data, mqtt, http);
    }

    /** The nodes' MQTT addresses starting with node {@code first}. */
    private static String nodeList(List<Node> nodes, int first) {
        List<String> urls = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            urls.add("tcp://127.0.0.1:" + nodes.get((first - 1 + i) % nodes.size()).mqtt());
        }
        return String.join(",", urls);
    }

    private Path agentYaml(int site, String hubUrl) throws Exception {
        Path yaml = dir.resolve("agent-" + site + ".yaml");
        Files.writeString(yaml, """
                site: site-%d
                dataDir: %s
                hub: {url: "%s", password: secret-%d, reconnectMin: 200ms, reconnectMax: 1s, drainRate: 0}
                health: {interval: 1s}
                """.formatted(site, dir.resolve("agent-" + site), hubUrl, site));
        return yaml;
    }

    @Test
    void everyNodeHoldsEveryAcceptedIdOnceAndShowsTheSameViewsThroughANodeKillAndABrokerKill() throws Exception {
        Path logs = dir.resolve("logs");
        try (KafkaBrokers brokers = KafkaBrokers.start(3, dir.resolve("kafka"))) {
            List<Integer> routing = List.of(FreePorts.next(), FreePorts.next(), FreePorts.next());
            List<Node> nodes = List.of(node(1, brokers.bootstrap(), routing), node(2, brokers.bootstrap(), routing),
                    node(3, brokers.bootstrap(), routing));
            List<JavaProcess> running = new ArrayList<>();
            List<JavaProcess> agents = new ArrayList<>();
            RoutedSite routed = null;
            try {
                for (Node n : nodes) {
                    running.add(n.start(logs, 0));
                }
                // a camera and a lamp whose agent is on node 1 only: asked for through nodes 2 and 3 after the burst
                routed = RoutedSite.start(dir.resolve("routed"), nodes.get(0).mqtt());
                // sessions are commands in the log: made on node 1, they work on node 2; a logout on node 2 ends them on node 1
                String session = login(nodes.get(0));
                assertThat(status(nodes.get(1), session, "GET", "/api/v1/auth/me")).isEqualTo(200);
                assertThat(status(nodes.get(1), session, "POST", "/api/v1/auth/logout")).isEqualTo(200);
                await().atMost(Duration.ofSeconds(10)).until(() -> status(nodes.get(0), session, "GET", "/api/v1/auth/me") == 401);
                try (Haproxy haproxy = Haproxy.start(dir.resolve("haproxy"), nodes.stream().map(Node::http).toList(),
                        nodes.stream().map(Node::mqtt).toList())) {
                    List<Path> accepted = new ArrayList<>();
                    for (int s = 1; s <= SITES; s++) {
                        Path ids = dir.resolve("accepted-" + s + ".txt");
                        accepted.add(ids);
                        agents.add(JavaProcess.start("agent-" + s, logs, new HashMap<>(), "io.gmeye.system.LoadAgent",
                                agentYaml(s, s == 1 ? "tcp://127.0.0.1:" + haproxy.mqttPort() : nodeList(nodes, s)).toString(), ids.toString(), String.valueOf(PER_AGENT), String.valueOf(RATE), "mixed", "s" + s + "-"));
                    }
                    awaitAccepted(accepted, PER_AGENT / 4, agents);
                    running.get(1).kill9(); // node 2, with whatever agent HAProxy gave it
                    awaitAccepted(accepted, PER_AGENT / 2, agents);
                    brokers.kill(3);
                    awaitAccepted(accepted, PER_AGENT * 3 / 4, agents);
                    running.set(1, nodes.get(1).start(logs, 1)); // catches up from its stored offsets before it serves
                    brokers.start(3);
                    for (JavaProcess a : agents) {
                        a.await(Pattern.compile("drained"), Duration.ofMinutes(4));
                    }
                    // every node has applied everything: the same views on all three (one session serves all)
                    String token = login(nodes.get(2));
                    List<String> tokens = List.of(token, token, token);
                    for (String view : List.of("/api/v1/overview", "/api/v1/online-rate?by=site", "/api/v1/workitems?limit=50",
                            "/api/v1/checkpoints/activity", "/api/v1/devices/summary")) {
                        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                            JsonNode first = get(nodes.get(0), tokens.get(0), view);
                            for (int i = 1; i < nodes.size(); i++) {
                                assertThat(get(nodes.get(i), tokens.get(i), view)).as(view + " on " + nodes.get(i).name()).isEqualTo(first);
                            }
                        });
                    }
                    operatorsThroughDifferentNodes(nodes, token);
                    alertStateThroughOtherNodes(nodes, token);
                    registryThroughOtherNodes(nodes, token);
                    routedToTheNodeHoldingTheAgent(nodes, token, routed);
                    configurationThroughOtherNodes(nodes, token, routed);
                    routed.close();
                    routed = null;
                    decidedOnceByTheLeader(nodes, running, logs, token);

                    Set<String> ids = new HashSet<>();
                    for (Path p : accepted) {
                        Files.readAllLines(p).stream().filter(l -> !l.isBlank()).forEach(ids::add);
                    }
                    assertThat(ids).hasSize(PER_AGENT * SITES);
                    for (JavaProcess a : agents) {
                        a.kill9();
                    }
                    for (JavaProcess p : running) {
                        p.stop(Duration.ofSeconds(30));
                    }
                    for (Node n : nodes) {
                        Held held = held(n);
                        assertThat(ids.stream().filter(id -> !held.ids().contains(id)).limit(5).toList()).as("accepted ids missing on " + n.name())
                                .isEmpty();
                        assertThat(held.stored()).as("messages stored on " + n.name() + " = ids held: no record applied twice")
                                .isEqualTo(held.ids().size());
                    }
                }
            } finally {
                if (routed != null) {
                    routed.close();
                }
                for (JavaProcess a : agents) {
                    a.close();
                }
                for (JavaProcess p : running) {
                    p.close();
                }
            }
        }
    }

    /**
     * Operators' writes are commands in the log: two operators acknowledging one work item through
     * nodes 1 and 2 get one success and one 409, every node ends with the same item, and node 3's
     * WebSocket stream shows the change made through node 1.
     */
    private static void operatorsThroughDifferentNodes(List<Node> nodes, String token) throws Exception {
        LinkedBlockingQueue<String> frames = new LinkedBlockingQueue<>();
        WebSocket ws = HTTP.newWebSocketBuilder().header("authorization", "Bearer " + token)
                .buildAsync(URI.create("ws://127.0.0.1:" + nodes.get(2).http() + "/api/v1/stream"), new WebSocket.Listener() {
                    private final StringBuilder part = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket w, CharSequence data, boolean last) {
                        part.append(data);
                        if (last) {
                            frames.add(part.toString());
                            part.setLength(0);
                        }
                        w.request(1);
                        return null;
                    }

                    @Override
                    public CompletionStage<?> onClose(WebSocket w, int code, String reason) {
                        frames.add("closed " + code + " " + reason);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket w, Throwable error) {
                        frames.add("error " + error);
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            assertThat(frames.poll(10, TimeUnit.SECONDS)).contains("\"type\":\"hello\"");
            JsonNode item = get(nodes.get(0), token, "/api/v1/workitems?state=new&limit=1").get("items").get(0);
            String id = item.get("id").asText();
            String body = "{\"to\":\"acknowledged\",\"version\":" + item.get("version").asInt() + "}";
            long sent = System.nanoTime();
            CompletableFuture<HttpResponse<String>> one = HTTP.sendAsync(action(nodes.get(0), token, id, body), HttpResponse.BodyHandlers.ofString());
            CompletableFuture<HttpResponse<String>> two = HTTP.sendAsync(action(nodes.get(1), token, id, body), HttpResponse.BodyHandlers.ofString());
            List<Integer> statuses = new ArrayList<>(List.of(one.get().statusCode(), two.get().statusCode()));
            statuses.sort(null);
            assertThat(statuses).as(one.get().body() + " / " + two.get().body()).containsExactly(200, 409);
            long heardMs = -1;
            List<String> seen = new ArrayList<>();
            long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
            for (String f; heardMs < 0 && (f = frames.poll(Math.max(1, until - System.nanoTime()), TimeUnit.NANOSECONDS)) != null; ) {
                if (f.contains(id) && f.contains("acknowledged")) {
                    heardMs = (System.nanoTime() - sent) / 1_000_000;
                }
                seen.add(f.length() > 300 ? f.substring(0, 300) + "..." : f);
            }
            assertThat(heardMs).as("node 3's stream shows the action made through node 1 or 2; frames: " + seen).isGreaterThanOrEqualTo(0);
            System.out.println("node 3's stream showed the action " + heardMs + " ms after it was sent");
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                JsonNode first = get(nodes.get(0), token, "/api/v1/workitems/" + id);
                assertThat(first.get("state").asText()).isEqualTo("acknowledged");
                assertThat(first.get("trail").findValuesAsText("to")).containsExactly("new", "acknowledged");
                for (Node n : nodes.subList(1, nodes.size())) {
                    assertThat(get(n, token, "/api/v1/workitems/" + id)).isEqualTo(first);
                }
            });
        } finally {
            ws.abort();
        }
    }

    /**
     * A checkpoint alert's state is a command in the log: two operators moving one alert from
     * discovered to warned through nodes 2 and 3 get one success and the single-node rule's 409
     * (it can only move on to verified), and nodes 1 and 3 read the alert as node 2 does.
     */
    private static void alertStateThroughOtherNodes(List<Node> nodes, String token) throws Exception {
        JsonNode alert = get(nodes.get(0), token, "/api/v1/checkpoints/alerts?state=discovered&limit=1").get(0);
        String item = alert.get("workItem").asText();
        String id = item.substring("alert-".length());
        String path = "/api/v1/checkpoints/alerts/" + id + "/state";
        CompletableFuture<HttpResponse<String>> two = HTTP.sendAsync(post(nodes.get(1), token, path, "{\"state\":\"warned\",\"note\":\"through node 2\"}"),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> three = HTTP.sendAsync(post(nodes.get(2), token, path, "{\"state\":\"warned\",\"note\":\"through node 3\"}"),
                HttpResponse.BodyHandlers.ofString());
        List<HttpResponse<String>> answers = new ArrayList<>(List.of(two.get(), three.get()));
        answers.sort((a, b) -> Integer.compare(a.statusCode(), b.statusCode()));
        assertThat(answers.stream().map(HttpResponse::statusCode).toList()).as(two.get().body() + " / " + three.get().body()).containsExactly(200, 409);
        assertThat(answers.get(1).body()).contains("alert " + id + " is warned; it can only move to verified");
        assertThat(Json.mapper().readTree(answers.get(0).body()).get("state").asText()).as("the winner reads what it wrote").isEqualTo("warned");
        String note = Json.mapper().readTree(answers.get(0).body()).get("note").asText();
        for (Node n : nodes) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode mine = null;
                for (JsonNode a : get(n, token, "/api/v1/checkpoints/alerts?state=warned&limit=1000")) {
                    mine = a.get("workItem").asText().equals(item) ? a : mine;
                }
                assertThat(mine).as("the alert, warned, on " + n.name()).isNotNull();
                assertThat(mine.get("note").asText()).isEqualTo(note);
                JsonNode w = get(n, token, "/api/v1/workitems/" + item);
                assertThat(w.get("trail").findValuesAsText("to")).as("one step on " + n.name()).hasSize(2).endsWith("acknowledged");
                assertThat(w).isEqualTo(get(nodes.get(1), token, "/api/v1/workitems/" + item));
            });
        }
    }

    /**
     * Registry imports and removals are commands in the log: a tag and a camera imported through
     * node 3 read the same on every node; two admins removing that camera through nodes 1 and 2 at
     * once get one removal and one 404, and every node has it gone, with one audit entry.
     */
    private static void registryThroughOtherNodes(List<Node> nodes, String token) throws Exception {
        HttpResponse<String> imported = send(nodes.get(2), token, "POST", "/api/v1/registry/import", """
                {"tags": [{"path": "cluster-check", "label": "cluster"}],
                 "cameras": [{"id": "cam-imported", "site": "site-1", "name": "imported through node 3", "tags": ["cluster-check"]}]}""");
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(200);
        assertThat(get(nodes.get(2), token, "/api/v1/cameras/cam-imported").get("camera").get("name").asText()).as("node 3 reads what it wrote")
                .isEqualTo("imported through node 3");
        JsonNode camera = get(nodes.get(2), token, "/api/v1/cameras/cam-imported").get("camera");
        for (Node n : nodes) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(status(n, token, "GET", "/api/v1/cameras/cam-imported")).as("the camera on " + n.name()).isEqualTo(200);
                assertThat(get(n, token, "/api/v1/cameras/cam-imported").get("camera")).isEqualTo(camera);
                assertThat(get(n, token, "/api/v1/cameras?tag=cluster-check").get("total").asInt()).isEqualTo(1);
            });
        }

        CompletableFuture<HttpResponse<String>> one = HTTP.sendAsync(delete(nodes.get(0), token, "/api/v1/registry/cameras/cam-imported"),
                HttpResponse.BodyHandlers.ofString());
        CompletableFuture<HttpResponse<String>> two = HTTP.sendAsync(delete(nodes.get(1), token, "/api/v1/registry/cameras/cam-imported"),
                HttpResponse.BodyHandlers.ofString());
        List<Integer> statuses = new ArrayList<>(List.of(one.get().statusCode(), two.get().statusCode()));
        statuses.sort(null);
        assertThat(statuses).as(one.get().body() + " / " + two.get().body()).containsExactly(200, 404);
        for (Node n : nodes) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                assertThat(status(n, token, "GET", "/api/v1/cameras/cam-imported")).as("removed on " + n.name()).isEqualTo(404);
                assertThat(get(n, token, "/api/v1/audit?target=camera:cam-imported").findValuesAsText("action")).as("audited once on " + n.name())
                        .containsExactly("registry.remove");
            });
        }
    }

    private static HttpRequest post(Node n, String token, String path, String json) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.http() + path)).header("authorization", "Bearer " + token)
                .header("content-type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build();
    }

    private static HttpRequest delete(Node n, String token, String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.http() + path)).header("authorization", "Bearer " + token).DELETE().build();
    }

    /**
     * The agent of {@link RoutedSite} is connected to node 1 only: a snapshot on call and a live
     * view through node 2, a clip fetch and a device command through node 3 reach it, and the
     * command's states come back to every node (its record, and node 2's WebSocket stream).
     */
    private static void routedToTheNodeHoldingTheAgent(List<Node> nodes, String token, RoutedSite site) throws Exception {
        Node two = nodes.get(1);
        Node three = nodes.get(2);
        await().atMost(Duration.ofSeconds(60)).until(() -> status(two, token, "GET", "/api/v1/cameras/" + RoutedSite.CAMERA) == 200
                && status(three, token, "GET", "/api/v1/devices/" + RoutedSite.LAMP) == 200);

        HttpResponse<byte[]> snapshot = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + two.http() + "/api/v1/cameras/"
                + RoutedSite.CAMERA + "/snapshot")).header("authorization", "Bearer " + token).POST(HttpRequest.BodyPublishers.noBody())
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(snapshot.statusCode()).as(new String(snapshot.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(snapshot.headers().firstValue("content-type")).hasValue("image/jpeg");
        BgrImage picture = Jpeg.decode(snapshot.body());
        assertThat(picture.width()).isEqualTo(320);
        assertThat(picture.height()).isEqualTo(240);
        // the snapshot command's record is in the log: readable through node 3, ended, the same on every node
        String snapshotCommand = snapshot.headers().firstValue("x-command-id").orElseThrow();
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            JsonNode kept = get(three, token, "/api/v1/agent-commands/" + snapshotCommand);
            assertThat(kept.get("command").get("name").asText()).isEqualTo("snapshot");
            assertThat(kept.get("status").asText()).as("the snapshot command through node 2, read on node 3").isEqualTo("succeeded");
            for (Node n : nodes) {
                assertThat(get(n, token, "/api/v1/agent-commands/" + snapshotCommand)).as("on " + n.name()).isEqualTo(kept);
            }
        });

        try (Socket viewer = new Socket("127.0.0.1", two.http())) {
            viewer.setSoTimeout(20_000);
            viewer.getOutputStream().write(("GET /api/v1/cameras/" + RoutedSite.CAMERA + "/live HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer "
                    + token + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            String frames = new String(Mjpeg.readFrames(viewer.getInputStream(), 2), StandardCharsets.ISO_8859_1);
            assertThat(frames).contains("multipart/x-mixed-replace").contains("Content-Type: image/jpeg");
            assertThat(site.agent.cameras().liveView().viewers(RoutedSite.CAMERA)).isEqualTo(1);
        }
        await().atMost(Duration.ofSeconds(15)).until(() -> site.agent.cameras().liveView().viewers(RoutedSite.CAMERA) == 0);

        // an event clip made at the agent, fetched through node 3 piece by piece: byte for byte the agent's file
        byte[] original = Files.readAllBytes(site.clip("routed-clip"));
        HttpResponse<byte[]> clip = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + three.http() + "/api/v1/cameras/"
                + RoutedSite.CAMERA + "/clips/routed-clip")).header("authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(clip.statusCode()).as(new String(clip.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(clip.headers().firstValue("content-type")).hasValue("video/mp4");
        assertThat(Arrays.equals(clip.body(), original)).as("byte-identical to the agent's clip").isTrue();

        LinkedBlockingQueue<DeviceCommandMessage> got = new LinkedBlockingQueue<>();
        // a lamp that answers a moment after it took the command, as one would
        try (MqttSim lamp = new MqttSim(site.deviceUrl(), RoutedSite.LAMP, RoutedSite.LAMP_PASSWORD, (sim, c) -> {
            got.add(c);
            CompletableFuture.runAsync(() -> {
                try {
                    sim.event("cmd.result", Map.of("commandId", c.commandId(), "status", "succeeded"));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
        }).connect(); StreamClient screen = new StreamClient("http://127.0.0.1:" + two.http(), token)) {
            await().atMost(Duration.ofSeconds(30)).until(() -> site.agent.devices().links().reachable(RoutedSite.LAMP));
            HttpResponse<String> sent = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + three.http() + "/api/v1/devices/"
                    + RoutedSite.LAMP + "/commands")).header("authorization", "Bearer " + token).header("content-type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"command\":\"dim\",\"args\":{\"level\":40},\"reason\":\"routing check\"}"))
                    .build(), HttpResponse.BodyHandlers.ofString());
            assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
            String id = Json.mapper().readTree(sent.body()).get("id").asText();
            DeviceCommandMessage onLamp = got.poll(60, TimeUnit.SECONDS);
            assertThat(onLamp).as("the lamp on node 1's agent got the command made through node 3").isNotNull();
            assertThat(onLamp.commandId()).isEqualTo(id);
            for (Node n : nodes) {
                await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(get(n, token, "/api/v1/commands/" + id).get("steps")
                        .findValuesAsText("state")).as("the command's states on " + n.name())
                        .containsExactly("queued", "sent", "delivered", "succeeded"));
            }
            await().atMost(Duration.ofSeconds(10)).until(() -> screen.commandStates(id).contains("succeeded"));
            assertThat(screen.commandStates(id).stream().distinct().toList()).as("node 2's stream")
                    .containsExactly("queued", "sent", "delivered", "succeeded");
            assertThat(got.poll(1, TimeUnit.SECONDS)).as("sent once").isNull();
        }
    }

    /**
     * Time-driven state is decided once, by the leader, through the log. The routed site's agent
     * is stopped: after {@code siteTimeout} the site is silent since the same instant on every
     * node; a command to its lamp, which nobody takes, expires once with the same record on every
     * node. Then the leader is killed during the outage: another node takes over and does not judge
     * the silence again, and when the agent is back every node, the killed one restarted too,
     * holds one outage with the same start and end.
     */
    private void decidedOnceByTheLeader(List<Node> nodes, List<JavaProcess> running, Path logs, String token) throws Exception {
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            JsonNode first = siteRow(nodes.get(0), token).get("silentSince");
            assertThat(first.isNull()).as("judged silent").isFalse();
            for (Node n : nodes) {
                assertThat(siteRow(n, token).get("silentSince")).as("the silence's start on " + n.name()).isEqualTo(first);
            }
        });
        long since = siteRow(nodes.get(0), token).get("silentSince").asLong();

        HttpResponse<String> sent = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + nodes.get(2).http() + "/api/v1/devices/"
                + RoutedSite.LAMP + "/commands")).header("authorization", "Bearer " + token).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"command\":\"turn_on\",\"timeout\":2,\"reason\":\"nobody answers\"}"))
                .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(sent.statusCode()).as(sent.body()).isEqualTo(202);
        String id = Json.mapper().readTree(sent.body()).get("id").asText();
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            JsonNode first = get(nodes.get(0), token, "/api/v1/commands/" + id);
            assertThat(first.get("steps").findValuesAsText("state")).containsExactly("queued", "expired");
            for (Node n : nodes) {
                assertThat(get(n, token, "/api/v1/commands/" + id)).as("the command on " + n.name()).isEqualTo(first);
            }
        });

        int leader = leaderOf(running);
        assertThat(leader).as("one node leads").isGreaterThanOrEqualTo(0);
        running.get(leader).kill9();
        List<Node> left = new ArrayList<>(nodes);
        left.remove(leader);
        await().atMost(Duration.ofSeconds(90)).until(() -> {
            int now = leaderOf(running);
            return now >= 0 && now != leader;
        });
        for (Node n : left) {
            assertThat(siteRow(n, token).get("silentSince").asLong()).as("not judged again on " + n.name()).isEqualTo(since);
        }
        try (RoutedSite back = RoutedSite.start(dir.resolve("routed"), left.get(0).mqtt())) {
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
                for (Node n : left) {
                    JsonNode row = siteRow(n, token);
                    assertThat(row.get("silentSince").isNull()).as("back on " + n.name()).isTrue();
                    assertThat(row.get("outages")).as("one outage on " + n.name()).hasSize(1);
                    assertThat(row.get("outages").get(0).get("from").asLong()).isEqualTo(since);
                }
                assertThat(siteRow(left.get(1), token).get("outages")).isEqualTo(siteRow(left.get(0), token).get("outages"));
            });
            JsonNode outages = siteRow(left.get(0), token).get("outages");
            running.set(leader, nodes.get(leader).start(logs, 2)); // catches up from the log
            await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> assertThat(siteRow(nodes.get(leader), token).get("outages"))
                    .as("the restarted " + nodes.get(leader).name()).isEqualTo(outages));
        }
    }

    /** The running node whose last word on leadership is that it leads, -1 none. */
    private static int leaderOf(List<JavaProcess> running) throws Exception {
        int leader = -1;
        for (int i = 0; i < running.size(); i++) {
            JavaProcess p = running.get(i);
            if (!p.alive()) {
                continue;
            }
            String last = null;
            for (String line : p.lines()) {
                if (line.contains("the cluster's time-driven decisions")) {
                    last = line;
                }
            }
            if (last != null && last.contains("now makes")) {
                leader = i;
            }
        }
        return leader;
    }

    /** The routed site's row in a node's site list. */
    private static JsonNode siteRow(Node n, String token) throws Exception {
        for (JsonNode s : get(n, token, "/api/v1/sites")) {
            if (s.get("id").asText().equals(RoutedSite.SITE)) {
                return s;
            }
        }
        throw new AssertionError(RoutedSite.SITE + " is not listed on " + n.name());
    }

    /**
     * Whitelist and site configuration writes are commands in the log: a whitelist entry posted
     * through node 2 and a site configuration put through node 3 reach the agent of
     * {@link RoutedSite}, held by node 1, and every node reads the same versions (the receiving
     * node at once: it answers once it has applied its own command).
     */
    private static void configurationThroughOtherNodes(List<Node> nodes, String token, RoutedSite site) throws Exception {
        long started = System.nanoTime();
        String hash = "5e".repeat(32);
        HttpResponse<String> posted = send(nodes.get(1), token, "POST", "/api/v1/whitelist",
                "{\"upserts\": [{\"personHash\": \"" + hash + "\", \"list\": \"white\"}]}");
        assertThat(posted.statusCode()).as(posted.body()).isEqualTo(200);
        long whitelist = Json.mapper().readTree(posted.body()).get("version").asLong();
        assertThat(get(nodes.get(1), token, "/api/v1/whitelist").get("version").asLong()).as("node 2 reads what it wrote").isEqualTo(whitelist);
        await().atMost(Duration.ofSeconds(30)).until(() -> site.agent.checkpoints().whitelistVersion().getAsLong() == whitelist);
        for (Node n : nodes) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode w = get(n, token, "/api/v1/whitelist");
                assertThat(w.get("version").asLong()).as("whitelist version on " + n.name()).isEqualTo(whitelist);
                assertThat(w.get("sites").path(RoutedSite.SITE).asLong()).as("what the agent holds, on " + n.name()).isEqualTo(whitelist);
            });
        }

        String config = """
                {"cameras": [{"id": "%s", "url": "%s", "transport": "tcp", "decode": "ondemand"}],
                 "devices": [{"id": "%s", "type": "streetlight", "secret": "%s"}], "scenes": []}""".formatted(RoutedSite.CAMERA,
                site.cameraUrl(), RoutedSite.LAMP, DeviceSecret.hash(RoutedSite.LAMP_PASSWORD));
        String path = "/api/v1/sites/" + RoutedSite.SITE + "/config";
        HttpResponse<String> put = send(nodes.get(2), token, "PUT", path, config);
        assertThat(put.statusCode()).as(put.body()).isEqualTo(200);
        long version = Json.mapper().readTree(put.body()).get("version").asLong();
        assertThat(version).isPositive();
        await().atMost(Duration.ofSeconds(30)).until(() -> site.agent.siteConfig().version() == version);
        for (Node n : nodes) {
            await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
                JsonNode c = get(n, token, path);
                assertThat(c.get("version").asLong()).as("configuration version on " + n.name()).isEqualTo(version);
                assertThat(c.get("agent").get("version").asLong()).as("what the agent runs, on " + n.name()).isEqualTo(version);
                assertThat(c.get("agent").get("connected").asBoolean()).as("the agent is connected (to node 1), on " + n.name()).isTrue();
            });
        }
        System.out.println("a whitelist entry through node 2 and a configuration through node 3 reached node 1's agent, the same versions on "
                + "every node, in " + (System.nanoTime() - started) / 1_000_000 + " ms");
    }

    private static HttpResponse<String> send(Node n, String token, String method, String path, String json) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.http() + path)).header("authorization", "Bearer " + token)
                .header("content-type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpRequest action(Node n, String token, String id, String body) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.http() + "/api/v1/workitems/" + id + "/actions"))
                .header("authorization", "Bearer " + token).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private record Held(Set<String> ids, long stored) {
    }

    private static Held held(Node n) {
        Set<String> ids = new HashSet<>();
        try (RocksStore store = new RocksStore(n.data().resolve("store"), false, Metrics.NOOP)) {
            store.scan(Space.MESSAGES, new byte[0], false, (k, v) -> ids.add(new String(k, StandardCharsets.UTF_8)));
            byte[] s = store.get(Space.META, IngestService.STORED_KEY);
            return new Held(ids, s == null ? 0 : ByteBuffer.wrap(s).getLong());
        }
    }

    /** Waits until each agent has accepted {@code each} records (on a loaded machine JVMs start slowly: minutes). */
    private static void awaitAccepted(List<Path> files, int each, List<JavaProcess> agents) throws Exception {
        long end = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < end) {
            boolean all = true;
            for (Path f : files) {
                all &= Files.exists(f) && Files.readAllLines(f).size() >= each;
            }
            if (all) {
                return;
            }
            Thread.sleep(100);
        }
        StringBuilder tails = new StringBuilder();
        for (JavaProcess a : agents) {
            tails.append(a.tail()).append("\n----\n");
        }
        throw new AssertionError("the agents did not accept " + each + " records each within 5 minutes:\n" + tails);
    }

    private static String login(Node n) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.http() + "/api/v1/auth/login"))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"user\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return Json.mapper().readTree(r.body()).get("token").asText();
    }

    private static int status(Node n, String token, String method, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.http() + path)).header("authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    /** A view as JSON, without the moment it was computed at (each node answers at its own instant). */
    private static JsonNode get(Node n, String token, String path) throws Exception {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + n.http() + path))
                .header("authorization", "Bearer " + token).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        JsonNode body = Json.mapper().readTree(r.body());
        if (body instanceof ObjectNode o) {
            o.remove("at");
        }
        return body;
    }
}
