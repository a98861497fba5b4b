package io.gmeye.hub.views;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.platform.time.ManualClock;
import io.gmeye.protocols.camera.CameraHealth;
import io.gmeye.protocols.camera.CameraHealthBatch;
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
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The registry, the online rate (now and over time), devices and checkpoints, fed by agents over
 * real MQTT and read over real HTTP. The hub runs on a manual clock so rates over time are exact.
 */
class EstateViewsIT {
    static final Instant T0 = Instant.parse("2025-03-01T08:00:00Z");
    @TempDir
    static Path dir;
    static ManualClock clock = new ManualClock(T0);
    static TestHub hub;
    static District district;
    static Traffic traffic;

    @BeforeAll
    static void start() throws Exception {
        district = DistrictGenerator.generate(DistrictGenerator.SMALL, 11);
        traffic = new Traffic(district, 11);
        hub = TestHub.start(dir, district, clock);
        hub.importRegistry(hub.admin());
        // site-001: all 20 cameras online at T0, two go down at T0+30m; site-002 reports 1 of 20 down; site-003 never reports
        SiteAgentClient a1 = hub.agent("site-001");
        a1.publish(traffic.cameraHealth("site-001", 0, clock.millis()));
        a1.publish(traffic.deviceHealth("site-001", 0, clock.millis()));
        a1.publish(traffic.agentHealth("site-001", 41, clock.millis()));
        SiteAgentClient a2 = hub.agent("site-002");
        List<CameraHealth> cams = new ArrayList<>();
        List<District.CameraDef> site2 = district.camerasOf("site-002");
        for (int i = 0; i < site2.size(); i++) {
            cams.add(Traffic.cameraHealth(site2.get(i).id(), i == 0, clock.millis()));
        }
        a2.publish(Envelope.create("site-002", "agent", clock.millis(), new CameraHealthBatch(true, cams)));
        a2.publish(traffic.agentHealth("site-002", 40, clock.millis()));
        clock.advance(Duration.ofMinutes(30));
        List<District.CameraDef> site1 = district.camerasOf("site-001");
        a1.publish(Envelope.create("site-001", "agent", clock.millis(), new CameraHealthBatch(false,
                List.of(Traffic.cameraHealth(site1.get(3).id(), true, clock.millis()), Traffic.cameraHealth(site1.get(7).id(), true, clock.millis())))));
        clock.advance(Duration.ofMinutes(30));
    }

    @AfterAll
    static void stop() {
        hub.close();
    }

    @Test
    void theRegistryHoldsTheDistrictsCatalogAndCountsPerTag() throws Exception {
        JsonNode tags = hub.admin().get("/api/v1/tags").json();
        assertThat(tags.findValuesAsText("path")).containsAll(district.tags().stream().map(District.TagDef::path).toList());
        assertThat(district.tags()).hasSize(310);
        long onRoads = district.cameras().stream().filter(c -> c.tags().stream().anyMatch(t -> t.startsWith("road/"))).count();
        JsonNode road = find(tags, "path", "road");
        assertThat(road.get("cameras").asLong()).as("a parent tag counts what is tagged below it").isEqualTo(onRoads);
        assertThat(road.get("label").asText()).isEqualTo("道路");
        assertThat(find(tags, "path", "device/sentinel").get("devices").asInt()).isEqualTo(district.checkpoints().size());
    }

    @Test
    void refusesAnImportWithUnknownTagsOrSitesNamingEachAndChangesNothing() throws Exception {
        TestHub.Api admin = hub.admin();
        TestHub.Api.Response r = admin.post("/api/v1/registry/import", """
                {"cameras": [{"id": "cam-new-1", "site": "site-001", "tags": ["area/nowhere"]},
                             {"id": "cam-new-2", "site": "site-999"}],
                 "devices": [{"id": "dev-new", "site": "site-001", "type": "smoke", "checkpoint": "cp-none"}]}""");
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.json().get("reason").asText()).contains("nothing was changed", "cameras[0].tags: area/nowhere is not in the tag catalog",
                "cameras[1].site: site-999 is not a known site", "devices[0].checkpoint: cp-none is not a registered checkpoint");
        assertThat(admin.get("/api/v1/cameras?q=cam-new").json().get("total").asInt()).isZero();
        TestHub.Api.Response bad = admin.post("/api/v1/registry/import", "{\"cameras\": [{\"id\": \"has space\", \"site\": \"site-001\"}]}");
        assertThat(bad.status()).isEqualTo(400);
        assertThat(bad.json().get("reason").asText()).startsWith("body.cameras[0]");
    }

    @Test
    void importsYamlAndAuditsIt() throws Exception {
        TestHub.Api admin = hub.admin();
        TestHub.Api.Response r = admin.post("/api/v1/registry/import", """
                tags:
                  - {path: area/guangming/c1/north, label: 北片}
                cameras:
                  - {id: cam-yaml-1, site: site-003, name: 北门, kind: dome, tags: [area/guangming/c1/north]}
                """, "application/yaml");
        assertThat(r.status()).as(r.text()).isEqualTo(200);
        assertThat(r.json().get("cameras").asInt()).isEqualTo(1);
        JsonNode cam = admin.get("/api/v1/cameras/cam-yaml-1").json().get("camera");
        assertThat(cam.get("name").asText()).isEqualTo("北门");
        assertThat(cam.get("state").asText()).isEqualTo("never_reported");
        assertThat(admin.get("/api/v1/cameras?tag=area/guangming/c1&q=cam-yaml").json().get("total").asInt()).isEqualTo(1);
        assertThat(admin.get("/api/v1/audit?target=registry").json().findValuesAsText("action")).contains("registry.import");
    }

    @Test
    void registersCamerasAndDevicesFirstSeenInHealthReports() throws Exception {
        SiteAgentClient a3 = hub.agent("site-003");
        a3.publish(Envelope.create("site-003", "agent", clock.millis(), new CameraHealthBatch(false,
                List.of(Traffic.cameraHealth("cam-stranger", false, clock.millis())))));
        JsonNode cam = hub.admin().get("/api/v1/cameras/cam-stranger").json().get("camera");
        assertThat(cam.get("auto").asBoolean()).isTrue();
        assertThat(cam.get("site").asText()).isEqualTo("site-003");
        assertThat(cam.get("online").asBoolean()).isTrue();
        a3.close();
    }

    @Test
    void theOnlineRateNowCountsEveryRegisteredCameraAndRanksSitesWorstFirst() throws Exception {
        TestHub.Api viewer = hub.user(hub.admin(), "wall-" + System.nanoTime() % 100000, "viewer", List.of());
        JsonNode s = viewer.get("/api/v1/online-rate?site=site-001").json();
        assertThat(s.get("target").asDouble()).isEqualTo(0.97);
        assertThat(s.get("overall").get("total").asInt()).isEqualTo(20);
        assertThat(s.get("overall").get("online").asInt()).isEqualTo(18);
        assertThat(s.get("overall").get("rate").asDouble()).isCloseTo(0.9, within(1e-9));
        assertThat(s.get("overall").get("belowTarget").asBoolean()).isTrue();

        JsonNode bySite = viewer.get("/api/v1/online-rate?by=site&tag=kind").json().get("groups");
        assertThat(bySite.findValuesAsText("key")).startsWith("site-003").contains("site-001", "site-002"); // never reported: 0 first
        JsonNode site2 = find(bySite, "key", "site-002");
        assertThat(site2.get("online").asInt()).isEqualTo(19);

        JsonNode byTag = viewer.get("/api/v1/online-rate?by=tag&level=1&order=best").json();
        assertThat(byTag.get("groups").findValuesAsText("key")).contains("area", "road", "kind", "use", "priority");
        JsonNode area = find(byTag.get("groups"), "key", "area");
        assertThat(area.get("total").asInt()).isEqualTo(viewer.get("/api/v1/cameras?tag=area&limit=1").json().get("total").asInt())
                .isGreaterThanOrEqualTo(district.cameras().size());
        JsonNode overview = viewer.get("/api/v1/overview").json();
        assertThat(overview.get("cameras").get("total").asInt()).isEqualTo(byTag.get("overall").get("total").asInt());
        assertThat(overview.get("cameras").get("online").asInt()).isEqualTo(byTag.get("overall").get("online").asInt());
    }

    @Test
    void listsOfflineCamerasWithReasonAndSinceLongestDownFirst() throws Exception {
        JsonNode page = hub.admin().get("/api/v1/cameras?state=offline&site=site-001").json();
        assertThat(page.get("total").asInt()).isEqualTo(2);
        JsonNode first = page.get("items").get(0);
        assertThat(first.get("since").asLong()).isEqualTo(T0.toEpochMilli() + Duration.ofMinutes(30).toMillis());
        assertThat(first.get("reason").asText()).isNotBlank();
        assertThat(List.of("offline", "unauthorized", "not_found")).contains(first.get("state").asText());
        JsonNode never = hub.admin().get("/api/v1/cameras?state=never_reported&site=site-003&limit=5").json();
        assertThat(never.get("total").asInt()).isGreaterThanOrEqualTo(20);
        assertThat(never.get("items").get(0).get("reason").asText()).isEqualTo("never reported by its agent");
        JsonNode detail = hub.admin().get("/api/v1/cameras/" + first.get("id").asText()).json();
        assertThat(detail.get("transitions").findValuesAsText("to")).containsExactly(first.get("state").asText(), "online");
    }

    @Test
    void theRateOverTimeIsTimeWeightedFromStateTransitions() throws Exception {
        long from = T0.toEpochMilli();
        JsonNode h = hub.admin().get("/api/v1/online-rate/history?site=site-001&from=" + from + "&to=" + (from + 3_600_000) + "&stepSeconds=1200").json();
        JsonNode b = h.get("buckets");
        assertThat(b.size()).isEqualTo(3);
        assertThat(b.get(0).get("rate").asDouble()).isEqualTo(1.0);
        // 10 minutes of 20/20 and 10 minutes of 18/20
        assertThat(b.get(1).get("rate").asDouble()).isCloseTo(0.95, within(1e-9));
        assertThat(b.get(2).get("rate").asDouble()).isCloseTo(0.9, within(1e-9));
        assertThat(b.get(2).get("avgTotal").asDouble()).isCloseTo(20, within(1e-9));
        assertThat(hub.admin().get("/api/v1/online-rate/history?from=10&to=5").status()).isEqualTo(400);
        JsonNode before = hub.admin().get("/api/v1/online-rate/history?site=site-001&from=" + (from - 3_600_000) + "&to=" + from + "&stepSeconds=3600")
                .json().get("buckets").get(0);
        assertThat(before.get("rate").isNull()).as("no camera had reported yet").isTrue();
    }

    @Test
    void devicesByTypeAndStateWithLatestTelemetry() throws Exception {
        SiteAgentClient a = hub.agent("site-002");
        District.DeviceDef d = district.devicesOf("site-002").get(0);
        a.publish(traffic.telemetry(d, clock.millis()));
        TestHub.Api admin = hub.admin();
        JsonNode summary = admin.get("/api/v1/devices/summary?site=site-001").json();
        assertThat(summary.get("total").asInt()).isEqualTo(district.devicesOf("site-001").size());
        assertThat(summary.get("online").asInt()).isEqualTo(district.devicesOf("site-001").size());
        assertThat(summary.get("byType").findValuesAsText("type")).contains("sentinel", "turnstile");
        JsonNode row = admin.get("/api/v1/devices?q=" + d.id()).json().get("items").get(0);
        assertThat(row.get("state").asText()).isEqualTo("never_reported"); // telemetry alone is no health report
        assertThat(row.get("telemetry").get("values").has("battery")).isTrue();
        assertThat(admin.get("/api/v1/devices?type=sentinel&state=online").json().get("total").asInt())
                .isEqualTo(district.checkpointsOf("site-001").size());
        assertThat(admin.get("/api/v1/devices/" + district.devicesOf("site-001").get(0).id()).json().get("transitions").size()).isEqualTo(1);
        assertThat(admin.get("/api/v1/devices/nope").status()).isEqualTo(404);
    }

    @Test
    void checkpointsCountPassesPerGateAndHourDenialsWithReasonsAndWhitelistVersions() throws Exception {
        SiteAgentClient a = hub.agent("site-001");
        District.CheckpointDef cp = district.checkpointsOf("site-001").get(0);
        int allowed = 0;
        int denied = 0;
        for (int i = 0; i < 60; i++) {
            var pass = traffic.pass(cp, 41, clock.millis() - 3_600_000 + i * 1000L);
            a.publish(pass);
            if (pass.body().decision() == io.gmeye.protocols.checkpoint.PassDecision.ALLOW) {
                allowed++;
            } else {
                denied++;
            }
        }
        TestHub.Api admin = hub.admin();
        JsonNode act = admin.get("/api/v1/checkpoints/activity?hours=3&checkpoint=" + cp.id()).json();
        long sumAllowed = 0;
        long sumDenied = 0;
        for (JsonNode h : act.get("hours")) {
            sumAllowed += h.get("allowed").asLong();
            sumDenied += h.get("denied").asLong();
        }
        assertThat(sumAllowed).isEqualTo(allowed);
        assertThat(sumDenied).isEqualTo(denied);
        assertThat(act.get("gates").get(0).get("gate").asText()).isEqualTo(cp.id() + "-turnstile");
        assertThat(act.get("gates").get(0).get("passes").asInt()).isEqualTo(60);
        JsonNode denials = admin.get("/api/v1/checkpoints/denials?checkpoint=" + cp.id()).json();
        assertThat(denials.size()).isEqualTo(denied);
        if (denied > 0) {
            assertThat(denials.get(0).get("reason").asText()).isIn("red_code", "yellow_code", "not_on_whitelist");
            assertThat(denials.get(0).get("personMasked").asText()).contains("****");
        }
        JsonNode list = admin.get("/api/v1/checkpoints?site=site-001").json();
        assertThat(list.size()).isEqualTo(district.checkpointsOf("site-001").size());
        JsonNode row = find(list, "id", cp.id());
        assertThat(row.get("online").asBoolean()).isTrue();
        assertThat(row.get("gatesOnline").asInt()).isEqualTo(2);
        JsonNode versions = admin.get("/api/v1/whitelist/versions").json();
        assertThat(find(versions, "site", "site-001").get("agentVersion").asLong()).isEqualTo(41);
        assertThat(find(versions, "site", "site-002").get("agentVersion").asLong()).isEqualTo(40);
    }

    @Test
    void anOperatorScopedToOneSiteSeesOnlyThatSite() throws Exception {
        TestHub.Api scoped = hub.user(hub.admin(), "sam", "operator", List.of("site-002"));
        assertThat(scoped.get("/api/v1/online-rate").json().get("overall").get("total").asInt()).isEqualTo(20);
        assertThat(scoped.get("/api/v1/online-rate?site=site-001").status()).isEqualTo(403);
        assertThat(scoped.get("/api/v1/cameras?limit=1000").json().get("items").findValuesAsText("site")).containsOnly("site-002");
        assertThat(scoped.get("/api/v1/cameras/" + district.camerasOf("site-001").get(0).id()).status()).isEqualTo(403);
        assertThat(scoped.get("/api/v1/checkpoints").json().findValuesAsText("site")).containsOnly("site-002");
        assertThat(scoped.get("/api/v1/whitelist/versions").json().findValuesAsText("site")).containsExactly("site-002");
        // the overview and the site list count only what the operator may see
        JsonNode overview = scoped.get("/api/v1/overview").json();
        JsonNode all = hub.admin().get("/api/v1/overview").json();
        assertThat(overview.get("sites").get("total").asInt()).isEqualTo(1);
        assertThat(overview.get("cameras").get("total").asInt()).isEqualTo(20);
        assertThat(all.get("cameras").get("total").asInt()).isGreaterThan(20);
        assertThat(overview.get("checkpoints").get("total").asInt()).isLessThan(all.get("checkpoints").get("total").asInt());
        assertThat(scoped.get("/api/v1/sites").json().findValuesAsText("id")).containsExactly("site-002");
    }

    static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode n : array) {
            if (value.equals(n.path(field).asText())) {
                return n;
            }
        }
        throw new AssertionError("no " + field + "=" + value + " in " + array);
    }
}
