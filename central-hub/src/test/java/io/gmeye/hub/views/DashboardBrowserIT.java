package io.gmeye.hub.views;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.protocols.checkpoint.CheckpointAlert;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.command.Command;
import io.gmeye.protocols.command.CommandResult;
import io.gmeye.protocols.command.CommandStatus;
import io.gmeye.protocols.device.DeviceTelemetry;
import io.gmeye.protocols.envelope.Envelope;
import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.DistrictGenerator;
import io.gmeye.rigs.estate.SiteAgentClient;
import io.gmeye.rigs.estate.Traffic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in headless Chromium against a hub fed by agents over MQTT: runs
 * src/test/browser/dashboard-e2e.mjs with node (playwright-core driving Debian's chromium) and
 * checks it passed; the screenshots of the wall, console, device page and phone land in target/screenshots/.
 */
class DashboardBrowserIT {
    @TempDir
    Path dir;

    @Test
    void operatorsLogInReadTheWallTriageAnEventAndSeeItLiveInBothLanguages() throws Exception {
        Path chromium = Path.of("/usr/bin/chromium");
        assertThat(chromium).as("Debian's chromium is needed (./run install installs it)").exists();
        Path root = Path.of(System.getProperty("gmeye.root", ".."));
        Path dashboard = root.resolve("central-hub/src/main/dashboard");
        assertThat(dashboard.resolve("node_modules/playwright-core")).as("npm packages of the dashboard (./run install)").exists();

        District district = DistrictGenerator.generate(DistrictGenerator.SMALL, 3);
        Traffic traffic = new Traffic(district, 3);
        try (TestHub hub = TestHub.start(dir, district, Clock.systemUTC())) {
            TestHub.Api admin = hub.admin();
            hub.importRegistry(admin);
            hub.user(admin, "olga", "operator", List.of());
            hub.user(admin, "victor", "viewer", List.of());
            long now = System.currentTimeMillis();
            for (District.SiteDef s : district.sites().subList(0, 2)) {
                SiteAgentClient a = hub.agent(s.id());
                a.publish(traffic.cameraHealth(s.id(), 0.06, now));
                a.publish(traffic.deviceHealth(s.id(), 0.05, now));
                a.publish(traffic.agentHealth(s.id(), 12, now));
                for (int i = 0; i < 3; i++) {
                    Traffic.EventWithSnapshots e = traffic.inspection(district.camerasOf(s.id()).get(i), io.gmeye.rigs.estate.DistrictGenerator.SCENES[i * 2 % 6],
                            now - (3 - i) * 60_000L);
                    for (int k = 0; k < e.snapshots().size(); k++) {
                        a.publishSnapshot(e.snapshots().get(k), e.jpegs().get(k));
                    }
                    a.publish(e.event());
                }
                for (District.CheckpointDef cp : district.checkpointsOf(s.id())) {
                    for (int i = 0; i < 40; i++) {
                        a.publish(traffic.pass(cp, 12, now - i * 90_000L));
                    }
                    a.publish(traffic.alert(cp, "red_code", now));
                }
            }
            Path out = root.resolve("central-hub/target/screenshots");
            String output = browser(root, "dashboard-e2e.mjs", hub.base(), "olga", "olga-password", "victor", "victor-password", out.toString(),
                    dashboard.toString());
            assertThat(output).contains("CHECK the login form keeps what was typed when a session check answers meanwhile",
                    "CHECK a session check answered after the login leaves the new session on the wall", "CHECK wall online rate matches the API", "CHECK the second session saw the change live",
                    "CHECK switched to English", "CHECK wall ticker names sites by name, not id", "CHECK trend ends where the gauge is",
                    "CHECK wall chart texts are not clipped", "CHECK the header says who in Chinese", "CHECK box labels do not cover each other",
                    "CHECK an alert says its cause", "CHECK an alert carries tags", "CHECK an alert trail is in Chinese",
                    "CHECK the console has no English in the Chinese screen", "CHECK the live indicator survives the language switch",
                    "CHECK no page asset is missing (favicon included)", "CHECK wall at 390x844: no panel covers another",
                    "CHECK console at 390x844: every button and field is within the screen's width", "BROWSER OK");
            for (String shot : List.of("wall.png", "console.png", "console-alert.png", "phone.png", "wall-1920x1080.png", "wall-1440x900.png",
                    "wall-390x844.png", "console-1440x900.png", "console-alert-390x844.png", "phone-390x844.png")) {
                assertThat(Files.size(out.resolve(shot))).as(shot).isGreaterThan(10_000);
            }
        }
    }

    @Test
    void aFreshHubsWallSaysWhereItHasNoDataOrWhichReadGotNoAnswerAndItsTrendEndsAtTheGauge() throws Exception {
        Path root = Path.of(System.getProperty("gmeye.root", ".."));
        Path dashboard = root.resolve("central-hub/src/main/dashboard");
        District district = DistrictGenerator.generate(DistrictGenerator.SMALL, 4);
        try (TestHub hub = TestHub.start(dir, district, Clock.systemUTC())) {
            String site = district.sites().get(0).id();
            hub.agent(site).publish(new Traffic(district, 4).cameraHealth(site, 0.25, System.currentTimeMillis())); // no registry: no area tags
            String output = browser(root, "dashboard-fresh-e2e.mjs", hub.base(), "admin", TestHub.ADMIN_PASSWORD,
                    root.resolve("central-hub/target/screenshots").toString(), dashboard.toString());
            assertThat(output).contains("CHECK 1920x1080: the areas ranking says it has no data", "CHECK 390x844: trend ends where the gauge is",
                    "CHECK a read the hub leaves unanswered ends in an error that names it", "CHECK the retry brings the wall up", "BROWSER OK");
        }
    }

    @Test
    void operatorsCommandALampFromItsPageOpenAGateWithAReasonAndFollowTheStatesOnThePhone() throws Exception {
        Path root = Path.of(System.getProperty("gmeye.root", ".."));
        Path dashboard = root.resolve("central-hub/src/main/dashboard");
        District district = DistrictGenerator.generate(DistrictGenerator.SMALL, 5);
        Traffic traffic = new Traffic(district, 5);
        District.CheckpointDef cp = district.checkpointsOf(district.sites().get(0).id()).get(0);
        String site = cp.site();
        String lamp = "lamp-e2e-1";
        try (TestHub hub = TestHub.start(dir, district, Clock.systemUTC())) {
            TestHub.Api admin = hub.admin();
            hub.importRegistry(admin);
            TestHub.Api.Response imported = admin.post("/api/v1/registry/import", Json.mapper().writeValueAsString(Map.of("devices",
                    List.of(Map.of("id", lamp, "site", site, "type", "streetlight"),
                            Map.of("id", "lamp-e2e-2", "site", district.sites().get(1).id(), "type", "streetlight")))));
            assertThat(imported.status()).as(imported.text()).isEqualTo(200);
            hub.user(admin, "olga", "operator", List.of());
            hub.user(admin, "victor", "viewer", List.of());
            // the site's agent, played by a real MQTT client: takes each device command and reports it sent, delivered, done
            ExecutorService answers = Executors.newSingleThreadExecutor();
            SiteAgentClient agent = hub.agent(site);
            agent.onDownlink(e -> {
                if (e.body() instanceof Command c && c.name().equals("device.command")) {
                    answers.submit(() -> {
                        for (CommandStatus s : List.of(CommandStatus.SENT, CommandStatus.DELIVERED, CommandStatus.SUCCEEDED)) {
                            agent.publish(Envelope.create(site, "agent", System.currentTimeMillis(), new CommandResult(c.commandId(), s,
                                    s == CommandStatus.SUCCEEDED ? "done" : null, Map.of())));
                        }
                        return null;
                    });
                }
            });
            try {
                agent.publish(Envelope.create(site, lamp, new DeviceTelemetry(lamp, "streetlight", null, Map.of("on", true, "dim", 70))));
                Envelope<CheckpointAlert> alert = traffic.alert(cp, "red_code", System.currentTimeMillis());
                agent.publish(alert);
                String item = "alert-" + alert.body().alertId();
                StreamClient.await(() -> {
                    try {
                        return !admin.get("/api/v1/devices/" + lamp).json().get("device").get("telemetry").isNull()
                                && admin.get("/api/v1/workitems/" + item).status() == 200;
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }, Duration.ofSeconds(30), "the lamp's readings and the alert at the hub");
                Path out = root.resolve("central-hub/target/screenshots");
                String output = browser(root, "commands-e2e.mjs", hub.base(), "olga", "olga-password", "victor", "victor-password", lamp,
                        item, out.toString(), dashboard.toString());
                assertThat(output).contains("CHECK the device page shows the lamp's latest readings", "CHECK a refused command shows the hub's problem",
                        "CHECK the command's states arrive live, in order", "CHECK remote open waits for a reason",
                        "CHECK the gate opened on the operator's word, its state live",
                        "CHECK a batch shows its summary and follows it live",
                        "CHECK the phone lists the commands the operator sent with their states", "CHECK a viewer sees the commands but gets no buttons",
                        "BROWSER OK");
                JsonNode audit = admin.get("/api/v1/audit?target=" + cp.id() + "-turnstile").json();
                assertThat(audit.findValuesAsText("action")).contains("device.command", "device.command.succeeded");
                assertThat(audit.findValues("detail").stream().map(d -> d.path("reason").asText())).contains("闸机卡住，救护车通行");
            } finally {
                answers.shutdownNow();
            }
        }
    }

    /** Runs a browser script of src/test/browser with node and returns its output once it passed. */
    private String browser(Path root, String script, String... args) throws Exception {
        Path log = dir.resolve(script + ".log");
        List<String> cmd = new java.util.ArrayList<>(List.of("node", root.resolve("central-hub/src/test/browser/" + script).toString()));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        boolean done = p.waitFor(300, TimeUnit.SECONDS);
        if (!done) {
            p.destroyForcibly().waitFor();
        }
        String output = Files.readString(log, StandardCharsets.UTF_8);
        assertThat(done).as("the browser run finished in time; output:\n" + output).isTrue();
        assertThat(p.exitValue()).as(output).isZero();
        return output;
    }
}
