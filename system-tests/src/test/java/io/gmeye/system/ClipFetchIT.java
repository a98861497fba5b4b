package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.app.Agent;
import io.gmeye.agent.camera.CameraConfig;
import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.agent.camera.clip.ClipConfig;
import io.gmeye.agent.camera.record.RecordingConfig;
import io.gmeye.protocols.codec.Json;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.agent.uplink.UplinkConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.video.clip.ClipFetcher;
import io.gmeye.hub.views.TestHub;
import io.gmeye.platform.config.ByteSize;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.clip.ClipRef;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.envelope.Ulid;
import io.gmeye.protocols.inspection.EventPhase;
import io.gmeye.protocols.inspection.InspectionEvent;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.camera.PreparedRtspServer;
import io.gmeye.rigs.net.FaultProxy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Event clips fetched by a real hub from a real agent over MQTT, through a proxy that can cut the
 * uplink: the clip comes in pieces, an outage in the middle costs only the piece under way, and
 * what the operator gets (with HTTP Range) is byte for byte the agent's file.
 */
class ClipFetchIT {
    private static final String SITE = "clip-site";
    private static final String ADMIN_PASSWORD = "clip-admin-password";
    private static final Duration PRE = Duration.ofSeconds(2);
    private static final Duration POST = Duration.ofSeconds(4);
    /** hub.yaml's clips.pieceSize: smaller than the default, so a clip comes in many pieces. */
    private static final int PIECE = 128 << 10;
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static String token;
    private static Path dir;
    private static PreparedRtspServer rig;
    private static FaultProxy uplink;
    private static Hub hub;
    private static Agent agent;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("clip-fetch-it");
        rig = PreparedRtspServer.builder().mount("cam1", Clips.inTempDir().pattern720p(25)).start();
        HubConfig hubConfig = new HubConfig(dir.resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0, null, null),
                new HubConfig.HttpSection("127.0.0.1", 0), List.of(new HubConfig.SiteSection(SITE, null, "clip-secret", null, null)),
                new HubConfig.AuthSection(null, null, ADMIN_PASSWORD)).withClips(new HubConfig.ClipsSection(null, new ByteSize(PIECE)));
        hub = Hub.start(hubConfig).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        uplink = new FaultProxy(hub.mqttPort());
        List<CameraSpec> specs = List.of(new CameraSpec("cam1", rig.url("cam1"), "tcp", "ondemand", List.of("recorded")));
        CameraConfig cameras = new CameraConfig(specs, null, null, null, null, null, 0, null, null, null, null, null, 0, 0, null, 0, 0, null,
                new ClipConfig(true, null, null, null, PRE, POST),
                new RecordingConfig(null, List.of("recorded"), null, Duration.ofSeconds(3), null, null));
        agent = Agent.start(new AgentConfig(SITE, dir.resolve("agent").toString(),
                new UplinkConfig("tcp://127.0.0.1:" + uplink.port(), null, "clip-secret", null, null, null, null, null,
                        Duration.ofMillis(200), Duration.ofMillis(500), null, null, Duration.ofSeconds(3)),
                null, new AgentConfig.HealthSection(Duration.ofSeconds(1)), null, null, cameras));
        TestHub.Api.Response login = new TestHub.Api("http://127.0.0.1:" + hub.httpPort(), null).post("/api/v1/auth/login",
                "{\"user\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(login.status()).as(login.text()).isEqualTo(200);
        token = login.json().get("token").asText();
        await().atMost(Duration.ofSeconds(30)).until(() -> hub.estate().reported("cam1") != null
                && hub.estate().reported("cam1").health().state() == CameraState.ONLINE);
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.close();
        }
        if (hub != null) {
            hub.close();
        }
        if (uplink != null) {
            uplink.close();
        }
        rig.close();
    }

    @Test
    void aClipFetchBrokenByAnUplinkOutageGoesOnWhereItStoppedAndIsByteIdentical() throws Exception {
        byte[] original = Files.readAllBytes(clip("outage"));
        assertThat(original.length).as("several pieces").isGreaterThan(4 * PIECE);

        CompletableFuture<HttpResponse<byte[]>> first = get("/api/v1/cameras/cam1/clips/outage", null);
        ClipFetcher.Progress cut = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(10))
                .until(() -> hub.clips().progress(SITE, "outage").orElse(null), p -> p != null && p.have() > 0);
        uplink.drop(); // the site's link goes down in the middle of the fetch
        assertThat(cut.have() % PIECE).as("pieces of the configured size (%d bytes in)", cut.have()).isZero();
        ClipFetcher.Progress waiting = await().atMost(Duration.ofSeconds(20))
                .until(() -> hub.clips().progress(SITE, "outage").orElse(null), p -> p != null && p.lastError() != null && p.have() < p.size());
        assertThat(waiting.have()).as("what came before the outage is kept").isGreaterThanOrEqualTo(cut.have()).isPositive();
        uplink.pass();

        HttpResponse<byte[]> whole = first.get(60, TimeUnit.SECONDS);
        if (whole.statusCode() == 503) { // the outage outlasted the first caller's wait: the fetch went on
            whole = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1))
                    .until(() -> get("/api/v1/cameras/cam1/clips/outage", null).get(), r -> r.statusCode() != 503);
        }
        assertThat(whole.statusCode()).as(new String(whole.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(whole.headers().firstValue("content-type")).hasValue("video/mp4");
        assertThat(Arrays.equals(whole.body(), original)).as("byte-identical to the agent's clip").isTrue();
    }

    @Test
    void aCachedClipIsServedWithHttpRangesSoABrowserCanSeek() throws Exception {
        byte[] original = Files.readAllBytes(clip("ranges"));
        HttpResponse<byte[]> part = get("/api/v1/cameras/cam1/clips/ranges", "bytes=100-199").get(60, TimeUnit.SECONDS);
        assertThat(part.statusCode()).as(new String(part.body(), StandardCharsets.UTF_8)).isEqualTo(206);
        assertThat(part.headers().firstValue("content-range")).hasValue("bytes 100-199/" + original.length);
        assertThat(part.body()).isEqualTo(Arrays.copyOfRange(original, 100, 200));

        HttpResponse<byte[]> tail = get("/api/v1/cameras/cam1/clips/ranges", "bytes=-10").get(10, TimeUnit.SECONDS);
        assertThat(tail.statusCode()).isEqualTo(206);
        assertThat(tail.body()).isEqualTo(Arrays.copyOfRange(original, original.length - 10, original.length));

        HttpResponse<byte[]> past = get("/api/v1/cameras/cam1/clips/ranges", "bytes=" + original.length + "-").get(10, TimeUnit.SECONDS);
        assertThat(past.statusCode()).isEqualTo(416);
        assertThat(past.headers().firstValue("content-range")).hasValue("bytes */" + original.length);
    }

    @Test
    void aClipTheAgentDoesNotHaveIsA404WithTheAgentsReason() throws Exception {
        HttpResponse<byte[]> r = get("/api/v1/cameras/cam1/clips/never-made", null).get(30, TimeUnit.SECONDS);
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("never-made").contains(SITE);
    }

    @Test
    void anOperatorPlaysAnEventsClipInChromiumOnTheConsoleAndThePhoneAndPlaysFromTheRecordingTimelineOfTheEventAndOfTheCameraPage() throws Exception {
        Path root = Path.of(System.getProperty("gmeye.root", ".."));
        Path dashboard = root.resolve("central-hub/src/main/dashboard");
        assertThat(Path.of("/usr/bin/chromium")).as("Debian's chromium is needed (./run install installs it)").exists();
        assertThat(dashboard.resolve("node_modules/playwright-core")).as("npm packages of the dashboard (./run install)").exists();
        String eventId = Ulid.next(System.currentTimeMillis());
        ClipRef ref = made(eventId);
        long now = ref.from() + PRE.toMillis();
        // the event as the agent's inspection sends it: through its outbox and uplink, carrying the clip's reference
        agent.outbox().append(Envelope.create(SITE, "cam1", now, new InspectionEvent(eventId, EventPhase.NEW, "vending-1", "vending", "cam1",
                List.of(), now, now, null, 1280, 720, List.of(), List.of(), ref))).get(10, TimeUnit.SECONDS);
        String item = "insp-" + eventId;
        await().atMost(Duration.ofSeconds(30)).until(() -> get("/api/v1/workitems/" + item, null).get().statusCode() == 200);
        assertThat(new String(get("/api/v1/workitems/" + item, null).get().body(), StandardCharsets.UTF_8)).contains("\"clip\":{\"id\":\"" + eventId);

        Path log = dir.resolve("clip-e2e.log");
        Process p = new ProcessBuilder("node", root.resolve("central-hub/src/test/browser/clip-e2e.mjs").toString(), "http://127.0.0.1:" + hub.httpPort(),
                "admin", ADMIN_PASSWORD, root.resolve("central-hub/target/screenshots").toString(), dashboard.toString(), item,
                Double.toString((PRE.plus(POST)).toMillis() / 1000.0), "cam1").redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done).as("the browser run finished in time; output:\n" + output).isTrue();
        assertThat(output).contains("CHECK console: the clip plays to its end", "CHECK console: the clip is as long as asked",
                "CHECK phone: the clip plays to its end", "CHECK phone: the video fits the screen's width",
                "CHECK console: a moment picked on the recording timeline plays", "CHECK cameras: the camera page shows its picture now",
                "CHECK cameras: the timeline covers the chosen day", "CHECK cameras: the time before the recording began is a gap",
                "CHECK cameras: a moment picked on the day's timeline plays", "BROWSER OK");
        assertThat(p.exitValue()).as(output).isZero();
    }

    @Test
    void theHubListsACamerasRecordingAndExportsARangeAcrossSegmentsThatItServesLikeAClip() throws Exception {
        JsonNode listing = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<byte[]> r = get("/api/v1/cameras/cam1/recordings", null).get();
            return r.statusCode() == 200 ? Json.mapper().readTree(r.body()) : null;
        }, j -> j != null && j.get("segments").size() >= 2);
        JsonNode a = listing.get("segments").get(0);
        JsonNode b = listing.get("segments").get(1);
        long from = a.get("from").asLong() + 500;
        long to = b.get("to").asLong() - 500;
        HttpResponse<byte[]> made = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort()
                + "/api/v1/cameras/cam1/recordings/export?from=" + from + "&to=" + to)).header("authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(90)).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(made.statusCode()).as(new String(made.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        JsonNode export = Json.mapper().readTree(made.body());
        String clipId = export.get("clip").get("id").asText();
        assertThat(export.get("url").asText()).isEqualTo("/api/v1/cameras/cam1/clips/" + clipId);
        HttpResponse<byte[]> video = get(export.get("url").asText(), null).get(60, TimeUnit.SECONDS);
        assertThat(video.statusCode()).as(new String(video.body(), StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(Arrays.equals(video.body(), Files.readAllBytes(agent.cameras().clip(clipId).orElseThrow()))).isTrue();

        HttpResponse<byte[]> none = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort()
                + "/api/v1/cameras/cam1/recordings/export?from=1000&to=2000")).header("authorization", "Bearer " + token)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(new String(none.body(), StandardCharsets.UTF_8)).contains("nothing of camera cam1 is recorded");
    }

    @Test
    void theSiteViewShowsTheAgentsRecordingsAgainstTheirQuotaWithTheirLossesCountedLikeItsClips() throws Exception {
        JsonNode health = await().atMost(Duration.ofSeconds(40)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            HttpResponse<byte[]> r = get("/api/v1/sites", null).get();
            for (JsonNode site : Json.mapper().readTree(r.body())) {
                if (site.get("id").asText().equals(SITE) && site.path("health").path("recordings").path("segments").asInt() > 0) {
                    return site.get("health");
                }
            }
            return null;
        }, h -> h != null);
        JsonNode rec = health.get("recordings");
        var kept = agent.cameras().recordingStats().orElseThrow();
        assertThat(rec.get("quotaBytes").asLong()).isEqualTo(kept.quotaBytes()).isEqualTo(20L << 30);
        assertThat(rec.get("bytes").asLong()).isPositive();
        assertThat(rec.get("oldestAt").asLong()).isPositive().isLessThanOrEqualTo(System.currentTimeMillis());
        for (String count : List.of("evicted", "expired", "discarded", "failed")) {
            assertThat(rec.has(count)).as(count).isTrue();
        }
        assertThat(health.get("clips").get("quotaBytes").asLong()).isPositive();
    }

    /** A clip made by the agent now, once it is finished there. */
    private static Path clip(String id) {
        return agent.cameras().clip(made(id).id()).orElseThrow();
    }

    /** A clip of the camera's video around now, requested once the camera has streamed longer than the pre-roll, and finished. */
    private static ClipRef made(String id) {
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.cameras().status("cam1").map(s -> s.state() == CameraState.ONLINE
                && System.currentTimeMillis() - s.since() > PRE.toMillis() + 1_000).orElse(false));
        ClipRef ref = agent.cameras().clips().request(id, "cam1", System.currentTimeMillis()).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> agent.cameras().clip(ref.id()).isPresent());
        return ref;
    }

    private static CompletableFuture<HttpResponse<byte[]>> get(String path, String range) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + hub.httpPort() + path))
                .header("authorization", "Bearer " + token).timeout(Duration.ofSeconds(60));
        if (range != null) {
            b.header("range", range);
        }
        return HTTP.sendAsync(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }
}
