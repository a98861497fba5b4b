package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.gmeye.agent.app.Agent;
import io.gmeye.agent.camera.CameraConfig;
import io.gmeye.agent.camera.clip.ClipConfig;
import io.gmeye.agent.config.AgentConfig;
import io.gmeye.agent.inspection.InspectionConfig;
import io.gmeye.agent.uplink.UplinkConfig;
import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.views.TestHub;
import io.gmeye.models.detect.Detection;
import io.gmeye.models.image.BgrImage;
import io.gmeye.models.image.Jpeg;
import io.gmeye.models.manifest.ModelCatalog;
import io.gmeye.models.runtime.Detector;
import io.gmeye.models.runtime.ModelFiles;
import io.gmeye.models.runtime.OrtModel;
import io.gmeye.models.runtime.OrtSettings;
import io.gmeye.platform.metrics.MicrometerMetrics;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.clip.ClipRef;
import io.gmeye.protocols.config.CameraSpec;
import io.gmeye.protocols.inspection.Box;
import io.gmeye.rigs.camera.Clip;
import io.gmeye.rigs.camera.Clips;
import io.gmeye.rigs.camera.RtspCameraServer;
import io.micrometer.core.instrument.Timer;
import java.io.IOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A site that requires faces blurred, seen from a real hub: a real RTSP camera streams a
 * photograph of two men shaking hands (COCO 4134) to three real agents. At "blur-site" (inspection
 * off, blurFaces on) snapshots on call and live view frames reach the operator with no face that
 * BlazeFace can find, and its clips are refused with the reason; at "plain-site" (no rule) the
 * same picture arrives with its faces; at "nomodel-site" (blurFaces on, face model not installed)
 * no picture leaves, and the operator reads why.
 */
class FacesBlurredIT {
    private static final String ADMIN_PASSWORD = "faces-admin-password";
    private static final Path ROOT = Path.of(System.getProperty("gmeye.root", ".."));
    private static final Path SHARED = Path.of(System.getProperty("gmeye.shared", "../../shared"));
    private static Path dir;
    private static RtspCameraServer server;
    private static Hub hub;
    private static final List<Agent> agents = new ArrayList<>();
    private static Agent blurAgent;
    private static MicrometerMetrics blurMetrics;
    private static Detector faces;
    private static String token;

    @BeforeAll
    static void start() throws Exception {
        dir = Files.createTempDirectory("faces-blurred-it");
        Clip people = Clips.inTempDir().still(SHARED.resolve("images/coco/000000004134.jpg"), 640, 424, 5, 5, 4);
        server = RtspCameraServer.builder().mount("people", people).start();
        List<HubConfig.SiteSection> sites = List.of("blur-site", "plain-site", "nomodel-site").stream()
                .map(s -> new HubConfig.SiteSection(s, null, s + "-secret", null, null)).toList();
        hub = Hub.start(new HubConfig(dir.resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0, null, null),
                new HubConfig.HttpSection("127.0.0.1", 0), sites, new HubConfig.AuthSection(null, null, ADMIN_PASSWORD)))
                .toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
        Path noModels = Files.createDirectories(dir.resolve("no-models"));
        blurMetrics = new MicrometerMetrics();
        blurAgent = agent("blur-site", "blur-cam", blurFaces(false, ROOT.resolve("models-installed")), blurMetrics);
        agent("plain-site", "plain-cam", null, new MicrometerMetrics());
        agent("nomodel-site", "nomodel-cam", blurFaces(true, noModels), new MicrometerMetrics());
        faces = new Detector(OrtModel.load(ModelCatalog.builtIn().get("blazeface-back"), new ModelFiles(ROOT.resolve("models-installed")),
                OrtSettings.DEFAULT));
        TestHub.Api.Response login = new TestHub.Api("http://127.0.0.1:" + hub.httpPort(), null).post("/api/v1/auth/login",
                "{\"user\":\"admin\",\"password\":\"" + ADMIN_PASSWORD + "\"}");
        assertThat(login.status()).as(login.text()).isEqualTo(200);
        token = login.json().get("token").asText();
        await().atMost(Duration.ofSeconds(40)).untilAsserted(() -> {
            for (String camera : List.of("blur-cam", "plain-cam", "nomodel-cam")) {
                assertThat(hub.estate().reported(camera)).as(camera).isNotNull();
                assertThat(hub.estate().reported(camera).health().state()).as(camera).isEqualTo(CameraState.ONLINE);
            }
        });
    }

    /** The site rule with inspection itself off: no scenes, no object models of its own. */
    private static InspectionConfig blurFaces(boolean inspectionOn, Path modelsDir) {
        return new InspectionConfig(inspectionOn, modelsDir.toString(), null, null, null, true, null, null, null, null, null, null, null, null,
                null);
    }

    private static Agent agent(String site, String camera, InspectionConfig inspection, MicrometerMetrics metrics) {
        CameraConfig cameras = new CameraConfig(List.of(new CameraSpec(camera, server.url("people"), "tcp", "full", List.of())), null, null,
                null, null, null, 0, null, null, null, null, null, 0, 0, null, 0, 0, null,
                new ClipConfig(true, null, null, null, Duration.ofSeconds(1), Duration.ofSeconds(1)), null);
        Agent a = Agent.start(new AgentConfig(site, dir.resolve(site).toString(),
                new UplinkConfig("tcp://127.0.0.1:" + hub.mqttPort(), null, site + "-secret", null, null, null, null, null,
                        Duration.ofMillis(200), Duration.ofMillis(500), null, null, Duration.ofSeconds(3)),
                null, new AgentConfig.HealthSection(Duration.ofSeconds(1)), null, null, cameras, inspection), Clock.systemUTC(), metrics);
        agents.add(a);
        return a;
    }

    @AfterAll
    static void stop() {
        agents.forEach(Agent::close);
        if (hub != null) {
            hub.close();
        }
        if (faces != null) {
            faces.close();
            faces.model().close();
        }
        server.close();
    }

    @Test
    void aSnapshotOnCallFromABlurFacesSiteHasItsFacesPixelatedEvenWithInspectionOff() throws Exception {
        BgrImage original = snapshot("plain-cam");
        List<Box> originalFaces = bigFaces(original);
        assertThat(originalFaces).as("the two men's faces in the picture as the camera sent it").hasSizeGreaterThanOrEqualTo(2);

        BgrImage sent = snapshot("blur-cam");
        assertThat(sent.width()).isEqualTo(640);
        assertThat(sent.height()).isEqualTo(424);
        assertThat(faces.detect(sent)).as("faces BlazeFace finds in the snapshot that left the blur site").isEmpty();
        for (Box f : originalFaces) {
            // the face is not the camera's: far more than JPEG's loss (the corner below) apart from it
            assertThat(meanAbsDiff(sent, original, f)).as("difference in the face at %s", f).isGreaterThan(12.0);
        }
        // away from the faces the picture is the camera's: a corner far from both men differs by JPEG loss only
        Box corner = new Box(0, 330, 80, 90);
        assertThat(meanAbsDiff(sent, original, corner)).isLessThan(6.0);
        Timer blur = blurMetrics.registry().find("privacy.faces.blur").timer();
        assertThat(blur).isNotNull();
        System.out.printf("faces blurred in %d pictures, %.1f ms each on average, %.1f ms at most (load %s)%n", blur.count(),
                blur.mean(TimeUnit.MILLISECONDS), blur.max(TimeUnit.MILLISECONDS),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }

    @Test
    void aSiteWithoutTheRuleSendsThePictureAsTheCameraShowsIt() throws Exception {
        BgrImage sent = snapshot("plain-cam");
        List<Box> found = bigFaces(sent);
        assertThat(found).hasSizeGreaterThanOrEqualTo(2);
        assertThat(found).anyMatch(f -> f.x() > 120 && f.x() < 180);
        assertThat(found).anyMatch(f -> f.x() > 340 && f.x() < 400);
    }

    @Test
    void theLiveViewOfABlurFacesSiteSendsOnlyFramesWithTheirFacesPixelated() throws Exception {
        try (Socket viewer = openLive("blur-cam")) {
            List<byte[]> frames = Mjpeg.jpegs(Mjpeg.readFrames(viewer.getInputStream(), 3));
            assertThat(frames).hasSizeGreaterThanOrEqualTo(3);
            for (byte[] jpeg : frames) {
                BgrImage frame = Jpeg.decode(jpeg);
                assertThat(frame.width()).isEqualTo(640);
                assertThat(faces.detect(frame)).as("faces in a live frame from the blur site").isEmpty();
            }
        }
        try (Socket viewer = openLive("plain-cam")) {
            List<byte[]> frames = Mjpeg.jpegs(Mjpeg.readFrames(viewer.getInputStream(), 1));
            assertThat(bigFaces(Jpeg.decode(frames.get(0)))).as("the plain site's live view is the camera's picture").hasSizeGreaterThanOrEqualTo(2);
        }
    }

    @Test
    void aSiteThatMustBlurFacesButHasNoFaceModelSendsNoPictureAndSaysWhy() throws Exception {
        TestHub.Api.Response shot = api().send("POST", "/api/v1/cameras/nomodel-cam/snapshot", null);
        assertThat(shot.status()).isEqualTo(503);
        assertThat(shot.contentType()).doesNotContain("image");
        assertThat(shot.text()).contains("faces must be blurred on this site but").contains("not installed");

        HttpResponse<String> live = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + hub.httpPort() + "/api/v1/cameras/nomodel-cam/live"))
                .header("authorization", "Bearer " + token).timeout(Duration.ofSeconds(15)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(live.statusCode()).isEqualTo(503);
        assertThat(live.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).doesNotContain("multipart"));
        assertThat(live.body()).contains("faces must be blurred on this site but").contains("not installed");
    }

    @Test
    void aClipFromABlurFacesSiteNeverLeavesItAndTheOperatorIsToldWhy() throws Exception {
        await().atMost(Duration.ofSeconds(30)).until(() -> blurAgent.cameras().status("blur-cam")
                .map(s -> s.state() == CameraState.ONLINE && System.currentTimeMillis() - s.since() > 2_000).orElse(false));
        ClipRef ref = blurAgent.cameras().clips().request("faces-clip", "blur-cam", System.currentTimeMillis()).orElseThrow();
        await().atMost(Duration.ofSeconds(30)).until(() -> blurAgent.cameras().clip(ref.id()).isPresent());

        TestHub.Api.Response r = api().get("/api/v1/cameras/blur-cam/clips/" + ref.id());
        assertThat(r.status()).isEqualTo(403);
        assertThat(r.contentType()).doesNotContain("video");
        assertThat(r.text()).contains("faces must be blurred on this site but").contains(ref.id()).contains("stays at site blur-site");
    }

    private static BgrImage snapshot(String camera) throws Exception {
        TestHub.Api.Response r = api().send("POST", "/api/v1/cameras/" + camera + "/snapshot", null);
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.contentType()).isEqualTo("image/jpeg");
        return Jpeg.decode(r.body());
    }

    /** Faces at least 50 pixels wide: the two men in the front. */
    private static List<Box> bigFaces(BgrImage picture) {
        return faces.detect(picture).stream().map(Detection::box).filter(b -> b.w() > 50).toList();
    }

    /** Checked against the hub's OpenAPI document. */
    private static TestHub.Api api() {
        return new TestHub.Api("http://127.0.0.1:" + hub.httpPort(), token);
    }

    private static Socket openLive(String camera) throws IOException {
        Socket s = new Socket("127.0.0.1", hub.httpPort());
        s.setSoTimeout(15_000);
        s.getOutputStream().write(("GET /api/v1/cameras/" + camera + "/live HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        return s;
    }

    private static double meanAbsDiff(BgrImage a, BgrImage b, Box box) {
        long sum = 0;
        int n = 0;
        for (int y = (int) box.y(); y < (int) (box.y() + box.h()); y++) {
            for (int x = (int) box.x(); x < (int) (box.x() + box.w()); x++) {
                int o = (y * a.width() + x) * 3;
                for (int c = 0; c < 3; c++) {
                    sum += Math.abs((a.pixels()[o + c] & 0xff) - (b.pixels()[o + c] & 0xff));
                    n++;
                }
            }
        }
        return (double) sum / n;
    }
}
