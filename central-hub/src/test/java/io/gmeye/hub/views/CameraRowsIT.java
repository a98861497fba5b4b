package io.gmeye.hub.views;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraHealthBatch;
import io.gmeye.protocols.camera.CameraInventory;
import io.gmeye.protocols.camera.CameraState;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.DistrictGenerator;
import io.gmeye.rigs.estate.SiteAgentClient;
import io.gmeye.rigs.estate.Traffic;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Camera rows as operators read them, from health an agent sends over real MQTT: the stream's
 * codec, rates, reconnects and last error, lists filtered by codec, by flapping, by protocol and
 * parent device (cameras the agent found: GB/T 28181 channels, ONVIF cameras), and the
 * cameras of a site whose agent fell silent saying so in their state. The hub runs on a manual clock.
 */
class CameraRowsIT {
    static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    @TempDir
    Path dir;
    final ManualClock clock = new ManualClock(T0);
    final District district = DistrictGenerator.generate(DistrictGenerator.SMALL, 3);
    final Traffic traffic = new Traffic(district, 3);

    @Test
    void aRowShowsTheStreamItsReconnectsAndLastErrorAndTheListFindsCamerasByCodecAndByFlapping() throws Exception {
        try (TestHub hub = TestHub.start(dir, district, clock)) {
            SiteAgentClient agent = hub.agent("site-001");
            String stalled = "stalled: no frame for 5.0 s while connected to rtsp://10.0.0.7/main; reconnecting";
            agent.publish(batch(true, stream("cam-a", "h264", 13.7, 2_000, 0, 0, null), stream("cam-b", "hevc", 25, 4_000, 7, 6, stalled),
                    stream("cam-c", "h264", 10, 1_500, 12, 1, stalled)));
            TestHub.Api api = hub.admin();
            await(() -> api.get("/api/v1/cameras?site=site-001").json().get("total").asInt() == 3);

            JsonNode b = api.get("/api/v1/cameras/cam-b").json().get("camera");
            assertThat(b.get("codec").asText()).isEqualTo("hevc");
            assertThat(b.get("fpsIn").asDouble()).isEqualTo(25.0);
            assertThat(b.get("bitrateKbps").asLong()).isEqualTo(4_000);
            assertThat(b.get("width").asInt()).isEqualTo(1920);
            assertThat(b.get("reconnects").asInt()).isEqualTo(7);
            assertThat(b.get("reconnectsLastHour").asInt()).isEqualTo(6);
            assertThat(b.get("lastError").asText()).isEqualTo(stalled);

            assertThat(ids(api.get("/api/v1/cameras?codec=h265"))).containsExactly("cam-b");
            assertThat(ids(api.get("/api/v1/cameras?codec=hevc&site=site-001"))).containsExactly("cam-b");
            assertThat(ids(api.get("/api/v1/cameras?codec=h264"))).containsExactly("cam-a", "cam-c");
            assertThat(ids(api.get("/api/v1/cameras?reconnectsOver=3"))).as("more than 3 in the last hour").containsExactly("cam-b");
            assertThat(ids(api.get("/api/v1/cameras?reconnectsOver=0&codec=h264"))).containsExactly("cam-c");
            assertThat(api.get("/api/v1/cameras?reconnectsOver=-1").status()).isEqualTo(400);

            // the agent's next changes batch: a rate measured over a longer window
            agent.publish(batch(false, stream("cam-a", "h264", 10.0, 2_000, 0, 0, null)));
            await(() -> api.get("/api/v1/cameras/cam-a").json().get("camera").get("fpsIn").asDouble() == 10.0);
            JsonNode whole = api.get("/api/v1/cameras/cam-a").json().get("camera");
            assertThat(whole.get("picturesLost").asLong()).isZero();
            assertThat(whole.get("reason").isNull()).isTrue();

            // the camera starts losing pictures on the wire: degraded, still counted online, the share as its reason
            String lossy = "lost 12% of its pictures in the last minute (RTP packets lost)";
            agent.publish(batch(false, new CameraHealth("cam-a", CameraState.DEGRADED, lossy, 8.8, 0, 1_800, 1920, 1080, "h264", 40,
                    0, 0, null, clock.millis(), 95, 72)));
            await(() -> "degraded".equals(api.get("/api/v1/cameras/cam-a").json().get("camera").get("state").asText()));
            JsonNode degraded = api.get("/api/v1/cameras/cam-a").json().get("camera");
            assertThat(degraded.get("online").asBoolean()).isTrue();
            assertThat(degraded.get("reason").asText()).isEqualTo(lossy);
            assertThat(degraded.get("picturesLost").asLong()).isEqualTo(95);
            assertThat(degraded.get("picturesLostLastMinute").asLong()).isEqualTo(72);
        }
    }

    @Test
    void theCamerasOfASiteWhoseAgentFellSilentSaySoInTheirStateWithTheReasonAndSinceWhen() throws Exception {
        try (TestHub hub = TestHub.start(dir, district, clock)) {
            SiteAgentClient agent = hub.agent("site-001");
            agent.publish(batch(true, stream("cam-a", "h264", 10, 2_000, 0, 0, null)));
            agent.publish(traffic.agentHealth("site-001", 1, clock.millis()));
            long lastWord = clock.millis();
            TestHub.Api api = hub.admin();
            await(() -> api.get("/api/v1/cameras/cam-a").status() == 200);
            agent.close();
            awaitDisconnected(api);

            clock.advance(Duration.ofSeconds(60)); // within the site timeout (90 s): still counted, and the row agrees
            JsonNode row = api.get("/api/v1/cameras/cam-a").json().get("camera");
            assertThat(row.get("state").asText()).isEqualTo("online");
            assertThat(row.get("online").asBoolean()).isTrue();

            clock.advance(Duration.ofSeconds(60));
            row = api.get("/api/v1/cameras/cam-a").json().get("camera");
            assertThat(row.get("state").asText()).isEqualTo("site_silent");
            assertThat(row.get("online").asBoolean()).isFalse();
            assertThat(row.get("since").asLong()).as("the silence began at the last word plus the site timeout").isEqualTo(lastWord + 90_000);
            assertThat(row.get("reason").asText()).contains("site site-001 silent").contains(Instant.ofEpochMilli(lastWord).toString())
                    .contains("last word on this camera: online");
            assertThat(ids(api.get("/api/v1/cameras?state=site_silent"))).containsExactly("cam-a");
            assertThat(ids(api.get("/api/v1/cameras?state=offline"))).containsExactly("cam-a");
            assertThat(ids(api.get("/api/v1/cameras?state=online"))).isEmpty();
        }
    }

    @Test
    void camerasAnAgentFoundAreListedWithProtocolParentAndPtzCountedAndFilteredByThem() throws Exception {
        try (TestHub hub = TestHub.start(dir, district, clock)) {
            SiteAgentClient agent = hub.agent("site-001");
            String nvr = "44031100001180000001";
            String dome = "44031100001310000001";
            String bullet = "44031100001310000002";
            agent.publish(Envelope.create("site-001", "agent", clock.millis(), new CameraInventory(List.of(
                    new CameraInventory.Source(dome, "NVR 1 通道 1", "gb28181", nvr, List.of(), true),
                    new CameraInventory.Source(bullet, "NVR 1 通道 2", "gb28181", nvr, List.of(), false),
                    new CameraInventory.Source("onvif-dome", "ONVIF dome", "onvif", "urn:uuid:1", List.of(), true)))));
            agent.publish(batch(true, stream(dome, "h264", 10, 2_000, 0, 0, null), stream(bullet, "hevc", 10, 2_000, 0, 0, null),
                    stream("onvif-dome", "h264", 10, 2_000, 0, 0, null), stream("cam-a", "h264", 10, 2_000, 0, 0, null)));
            TestHub.Api api = hub.admin();
            await(() -> api.get("/api/v1/cameras/" + dome).status() == 200
                    && "gb28181".equals(api.get("/api/v1/cameras/" + dome).json().get("camera").get("protocol").asText())
                    && api.get("/api/v1/cameras?site=site-001").json().get("total").asInt() == 4);

            JsonNode row = api.get("/api/v1/cameras/" + dome).json().get("camera");
            assertThat(row.get("parent").asText()).isEqualTo(nvr);
            assertThat(row.get("ptz").asBoolean()).isTrue();
            assertThat(row.get("name").asText()).isEqualTo("NVR 1 通道 1");
            JsonNode rtsp = api.get("/api/v1/cameras/cam-a").json().get("camera");
            assertThat(rtsp.get("protocol").asText()).isEqualTo("rtsp");
            assertThat(rtsp.get("ptz").asBoolean()).isFalse();

            assertThat(ids(api.get("/api/v1/cameras?protocol=gb28181"))).containsExactly(dome, bullet);
            assertThat(ids(api.get("/api/v1/cameras?parent=" + nvr))).containsExactly(dome, bullet);
            assertThat(ids(api.get("/api/v1/cameras?protocol=gb28181&codec=hevc"))).containsExactly(bullet);
            assertThat(ids(api.get("/api/v1/cameras?protocol=onvif&state=online"))).containsExactly("onvif-dome");
            assertThat(ids(api.get("/api/v1/cameras?protocol=rtsp&site=site-001"))).containsExactly("cam-a");
            TestHub.Api.Response unknown = api.get("/api/v1/cameras?protocol=sip");
            assertThat(unknown.status()).isEqualTo(400);
            assertThat(unknown.text()).contains("protocol: 'sip' (rtsp, gb28181 or onvif)");
            // GB channels count in the online rate like every camera
            JsonNode rate = api.get("/api/v1/online-rate?site=site-001").json();
            assertThat(rate.toString()).contains("\"total\":4").contains("\"online\":4");

            // PTZ only for cameras that turn, and a body it can act on
            TestHub.Api.Response fixed = api.post("/api/v1/cameras/" + bullet + "/ptz", "{\"action\":\"stop\"}");
            assertThat(fixed.status()).isEqualTo(409);
            assertThat(fixed.text()).contains("cannot pan, tilt or zoom");
            TestHub.Api.Response bad = api.post("/api/v1/cameras/" + dome + "/ptz", "{\"action\":\"move\",\"pan\":2}");
            assertThat(bad.status()).isEqualTo(400);
            assertThat(bad.text()).contains("pan");
        }
    }

    private Envelope<CameraHealthBatch> batch(boolean full, CameraHealth... cameras) {
        return Envelope.create("site-001", "agent", clock.millis(), new CameraHealthBatch(full, List.of(cameras)));
    }

    private CameraHealth stream(String id, String codec, double fps, long kbps, int reconnects, int lastHour, String lastError) {
        return new CameraHealth(id, CameraState.ONLINE, null, fps, 0, kbps, 1920, 1080, codec, 40, reconnects, lastHour, lastError,
                clock.millis() - 60_000);
    }

    private static List<String> ids(TestHub.Api.Response r) {
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        r.json().get("items").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    interface Check {
        boolean ok() throws Exception;
    }

    private static void await(Check c) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!c.ok()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 20 s");
            }
            Thread.sleep(20);
        }
    }

    private static void awaitDisconnected(TestHub.Api api) throws Exception {
        await(() -> {
            for (JsonNode s : api.get("/api/v1/sites").json()) {
                if (s.get("id").asText().equals("site-001")) {
                    return !s.get("connected").asBoolean();
                }
            }
            return false;
        });
    }
}
