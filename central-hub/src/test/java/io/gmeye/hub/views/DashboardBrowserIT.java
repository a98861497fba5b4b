package io.gmeye.hub.views;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.rigs.estate.District;
import io.gmeye.rigs.estate.DistrictGenerator;
import io.gmeye.rigs.estate.SiteAgentClient;
import io.gmeye.rigs.estate.Traffic;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in headless Chromium against a hub fed by agents over MQTT: runs
 * src/test/browser/dashboard-e2e.mjs with node (playwright-core driving Debian's chromium) and
 * checks it passed; the screenshots of the wall, console and phone land in target/screenshots/.
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
            assertThat(output).contains("CHECK wall online rate matches the API", "CHECK the second session saw the change live",
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
    void aFreshHubsWallSaysWhereItHasNoDataAndItsTrendEndsAtTheGauge() throws Exception {
        Path root = Path.of(System.getProperty("gmeye.root", ".."));
        Path dashboard = root.resolve("central-hub/src/main/dashboard");
        District district = DistrictGenerator.generate(DistrictGenerator.SMALL, 4);
        try (TestHub hub = TestHub.start(dir, district, Clock.systemUTC())) {
            String site = district.sites().get(0).id();
            hub.agent(site).publish(new Traffic(district, 4).cameraHealth(site, 0.25, System.currentTimeMillis())); // no registry: no area tags
            String output = browser(root, "dashboard-fresh-e2e.mjs", hub.base(), "admin", TestHub.ADMIN_PASSWORD,
                    root.resolve("central-hub/target/screenshots").toString(), dashboard.toString());
            assertThat(output).contains("CHECK 1920x1080: the areas ranking says it has no data", "CHECK 390x844: trend ends where the gauge is",
                    "BROWSER OK");
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
