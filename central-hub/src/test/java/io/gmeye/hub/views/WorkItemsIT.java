package io.gmeye.hub.views;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.protocols.inspection.InspectionEvent;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.DistrictGenerator;
import io.gmeye.rigs.estate.SiteAgentClient;
import io.gmeye.rigs.estate.Traffic;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Inspection events and checkpoint alerts as work items: agents publish events with their
 * snapshots over MQTT; operators list, filter, open, move and annotate them over HTTP, each step
 * in the trail and the audit log; a second session hears of it over the WebSocket.
 */
class WorkItemsIT {
    static final Instant T0 = Instant.parse("2025-03-02T09:00:00Z");
    @TempDir
    static Path dir;
    static ManualClock clock = new ManualClock(T0);
    static TestHub hub;
    static District district;
    static Traffic traffic;
    static Traffic.EventWithSnapshots vending;
    static Traffic.EventWithSnapshots parking;

    @BeforeAll
    static void start() throws Exception {
        district = DistrictGenerator.generate(DistrictGenerator.SMALL, 5);
        traffic = new Traffic(district, 5);
        hub = TestHub.start(dir, district, clock);
        hub.importRegistry(hub.admin());
        SiteAgentClient a1 = hub.agent("site-001");
        District.CameraDef cam1 = district.camerasOf("site-001").get(0);
        vending = traffic.inspection(cam1, "vending", clock.millis());
        publish(a1, vending);
        clock.advance(Duration.ofMinutes(5));
        SiteAgentClient a2 = hub.agent("site-002");
        parking = traffic.inspection(district.camerasOf("site-002").get(0), "parking", clock.millis());
        publish(a2, parking);
        clock.advance(Duration.ofMinutes(5));
        a2.publish(traffic.alert(district.checkpointsOf("site-002").get(0), "red_code", clock.millis()));
    }

    static void publish(SiteAgentClient a, Traffic.EventWithSnapshots e) throws Exception {
        for (int i = 0; i < e.snapshots().size(); i++) {
            a.publishSnapshot(e.snapshots().get(i), e.jpegs().get(i));
        }
        a.publish(e.event());
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void eventsAndAlertsArriveAsNewWorkItemsNewestFirstWithCountsPerState() throws Exception {
        TestHub.Api viewer = hub.user(hub.admin(), "vic", "viewer", List.of());
        JsonNode page = viewer.get("/api/v1/workitems?limit=10").json();
        assertThat(itemIds(page)).startsWith("alert-" + alertId(viewer))
                .contains("insp-" + vending.event().body().eventId(), "insp-" + parking.event().body().eventId());
        int sum = 0;
        for (JsonNode n : page.get("byState")) {
            sum += n.asInt();
        }
        assertThat(sum).isEqualTo(page.get("total").asInt()).isGreaterThanOrEqualTo(3);
        assertThat(page.get("byState").get("new").asInt()).isGreaterThanOrEqualTo(1);
        JsonNode alert = page.get("items").get(0);
        assertThat(alert.get("kind").asText()).isEqualTo("checkpoint_alert");
        assertThat(alert.get("type").asText()).isEqualTo("red_code");
        assertThat(alert.get("alert").get("fieldState").asText()).isEqualTo("discovered");
        assertThat(alert.get("alert").get("personMasked").asText()).startsWith("4403**");
    }

    private static String alertId(TestHub.Api api) throws Exception {
        return api.get("/api/v1/workitems?kind=checkpoint_alert").json().get("items").get(0).get("alert").get("alertId").asText();
    }

    @Test
    void filtersBySceneTypeTagSiteTimeAndState() throws Exception {
        TestHub.Api a = hub.admin();
        String v = "insp-" + vending.event().body().eventId();
        assertThat(ids(a, "type=vending")).contains(v).doesNotContain("insp-" + parking.event().body().eventId());
        assertThat(ids(a, "scene=" + vending.event().body().scene())).contains(v);
        assertThat(ids(a, "tag=scene")).contains(v, "insp-" + parking.event().body().eventId()); // below scene/
        String areaTag = district.camerasOf("site-001").get(0).tags().get(0);
        assertThat(ids(a, "tag=" + areaTag)).contains(v);
        assertThat(ids(a, "site=site-002")).doesNotContain(v);
        assertThat(ids(a, "kind=inspection&from=" + (T0.toEpochMilli() + 60_000))).doesNotContain(v).contains("insp-" + parking.event().body().eventId());
        assertThat(ids(a, "to=" + (T0.toEpochMilli() + 60_000))).containsExactly(v);
        assertThat(ids(a, "type=nothing-like-this")).isEmpty();
        assertThat(a.get("/api/v1/workitems?state=bogus").status()).isEqualTo(400);
        assertThat(a.get("/api/v1/workitems?kind=bogus").json().get("reason").asText()).startsWith("kind:");
    }

    private static List<String> ids(TestHub.Api a, String query) throws Exception {
        return itemIds(a.get("/api/v1/workitems?" + query).json());
    }

    private static List<String> itemIds(JsonNode page) {
        List<String> out = new java.util.ArrayList<>();
        page.get("items").forEach(i -> out.add(i.get("id").asText()));
        return out;
    }

    @Test
    void servesBothSnapshotsOfAnEventAsPictures() throws Exception {
        TestHub.Api a = hub.admin();
        JsonNode item = a.get("/api/v1/workitems/insp-" + vending.event().body().eventId()).json();
        JsonNode snaps = item.get("inspection").get("snapshots");
        assertThat(snaps.findValuesAsText("kind")).containsExactly("annotated", "clean");
        for (JsonNode s : snaps) {
            TestHub.Api.Response r = a.get("/api/v1/snapshots/" + s.get("id").asText());
            assertThat(r.status()).isEqualTo(200);
            assertThat(r.contentType()).isEqualTo("image/jpeg");
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(r.body()));
            assertThat(img.getWidth()).isEqualTo(item.get("inspection").get("frameWidth").asInt());
            assertThat(img.getHeight()).isEqualTo(540);
        }
        JsonNode box = item.get("inspection").get("objects").get(0).get("box");
        assertThat(box.get("x").asDouble() + box.get("w").asDouble()).isLessThanOrEqualTo(960);
        assertThat(a.get("/api/v1/snapshots/no-such").status()).isEqualTo(404);
        TestHub.Api other = hub.user(a, "sid", "viewer", List.of("site-002"));
        assertThat(other.get("/api/v1/snapshots/" + snaps.get(0).get("id").asText()).status()).as("another site's picture").isEqualTo(403);
    }

    @Test
    void operatorsMoveAnItemThroughItsStatesWithATrailAndAnAuditEntryAndAreHeardLive() throws Exception {
        TestHub.Api admin = hub.admin();
        TestHub.Api olga = hub.user(admin, "olga", "operator", List.of());
        TestHub.Api watcher = hub.user(admin, "wanda", "viewer", List.of("site-002"));
        StreamFrames stream = new StreamFrames(hub, watcher);
        LinkedBlockingQueue<String> frames = stream.frames;
        try {
            assertThat(frames.poll(10, TimeUnit.SECONDS)).contains("\"type\":\"hello\"", "\"user\":\"wanda\"");
            String id = "insp-" + parking.event().body().eventId();
            int v = olga.get("/api/v1/workitems/" + id).json().get("version").asInt();
            JsonNode acked = olga.post("/api/v1/workitems/" + id + "/actions", "{\"to\":\"acknowledged\",\"version\":" + v + "}").json();
            assertThat(acked.get("state").asText()).isEqualTo("acknowledged");
            assertThat(olga.post("/api/v1/workitems/" + id + "/actions", "{\"to\":\"dispatched\",\"version\":" + v + "}").status())
                    .as("a stale screen").isEqualTo(409);
            JsonNode dispatched = olga.post("/api/v1/workitems/" + id + "/actions",
                    "{\"to\":\"dispatched\",\"assignee\":\"城管一队\",\"note\":\"车辆占用人行道，已派单\"}").json();
            assertThat(dispatched.get("assignee").asText()).isEqualTo("城管一队");
            assertThat(olga.post("/api/v1/workitems/" + id + "/actions", "{\"to\":\"new\"}").status()).isEqualTo(409);
            JsonNode resolved = olga.post("/api/v1/workitems/" + id + "/actions", "{\"to\":\"resolved\",\"note\":\"已清理\"}").json();
            assertThat(resolved.get("state").asText()).isEqualTo("resolved");
            assertThat(resolved.get("notes").findValuesAsText("text")).containsExactly("车辆占用人行道，已派单", "已清理");
            assertThat(resolved.get("trail").findValuesAsText("to")).containsExactly("new", "acknowledged", "dispatched", "resolved");
            assertThat(resolved.get("trail").findValuesAsText("actor")).containsExactly("agent:site-002", "olga", "olga", "olga");
            assertThat(admin.get("/api/v1/audit?target=workitem:" + id).json().findValuesAsText("action"))
                    .containsExactly("workitem.transition", "workitem.transition", "workitem.transition");
            assertThat(ids(admin, "state=open")).doesNotContain(id);
            assertThat(ids(admin, "assignee=城管一队".replace("城管一队", java.net.URLEncoder.encode("城管一队", java.nio.charset.StandardCharsets.UTF_8))))
                    .containsExactly(id);

            String seen = stream.await("\"state\":\"resolved\"");
            assertThat(seen).contains(id);
            JsonNode vendingItem = admin.get("/api/v1/workitems/insp-" + vending.event().body().eventId()).json();
            olga.post("/api/v1/workitems/" + vendingItem.get("id").asText() + "/actions", "{\"to\":\"false_positive\"}");
            Thread.sleep(2_500);
            for (String f; (f = frames.poll()) != null; ) {
                assertThat(f).as("a site-002 viewer hears nothing of site-001").doesNotContain(vendingItem.get("id").asText());
            }
        } finally {
            stream.close();
        }
    }

    @Test
    void laterPhasesUpdateTheEvidenceButNotTheOperatorsState() throws Exception {
        SiteAgentClient a = hub.agent("site-001");
        District.CameraDef cam = district.camerasOf("site-001").get(1);
        Traffic.EventWithSnapshots e = traffic.inspection(cam, "debris", clock.millis());
        publish(a, e);
        String id = "insp-" + e.event().body().eventId();
        TestHub.Api op = hub.user(hub.admin(), "otto", "operator", List.of("site-001"));
        op.post("/api/v1/workitems/" + id + "/actions", "{\"to\":\"acknowledged\"}");
        clock.advance(Duration.ofMinutes(1));
        Envelope<InspectionEvent> end = Traffic.ended(e.event().body(), "site-001", clock.millis());
        a.publish(end);
        a.publish(e.event()); // a replay of the first phase: stored once, changes nothing
        JsonNode item = op.get("/api/v1/workitems/" + id).json();
        assertThat(item.get("state").asText()).isEqualTo("acknowledged");
        assertThat(item.get("inspection").get("phase").asText()).isEqualTo("end");
        assertThat(item.get("inspection").get("endedAt").asLong()).isEqualTo(clock.millis());
        assertThat(item.get("inspection").get("snapshots").size()).as("the end phase keeps the snapshots").isEqualTo(2);
        assertThat(item.get("trail").findValuesAsText("to")).containsExactly("new", "acknowledged", "end");
        assertThat(op.post("/api/v1/workitems/" + id + "/actions", "{}").status()).isEqualTo(400);
        assertThat(op.post("/api/v1/workitems/" + id + "/actions", "{\"to\":\"sleeping\"}").json().get("reason").asText()).startsWith("to:");
        assertThat(op.post("/api/v1/workitems/nope/actions", "{\"to\":\"resolved\"}").status()).isEqualTo(404);
        assertThat(op.post("/api/v1/workitems/" + id + "/actions", "not json").status()).isEqualTo(400);
        TestHub.Api.Response other = op.post("/api/v1/workitems/alert-" + alertId(hub.admin()) + "/actions", "{\"to\":\"acknowledged\"}");
        assertThat(other.status()).as("an item of a site outside the scope").isEqualTo(403);
        Json.mapper(); // keeps the import used when assertions change
    }
}
