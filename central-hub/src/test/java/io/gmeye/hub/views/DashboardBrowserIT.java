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
            Path log = dir.resolve("browser.log");
            Process p = new ProcessBuilder("node", root.resolve("central-hub/src/test/browser/dashboard-e2e.mjs").toString(), hub.base(),
                    "olga", "olga-password", "victor", "victor-password", out.toString(), dashboard.toString())
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            boolean done = p.waitFor(240, TimeUnit.SECONDS);
            if (!done) {
                p.destroyForcibly().waitFor();
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            assertThat(done).as("the browser run finished in time; output:\n" + output).isTrue();
            assertThat(p.exitValue()).as(output).isZero();
            assertThat(output).contains("CHECK wall online rate matches the API", "CHECK the second session saw the change live",
                    "CHECK switched to English", "BROWSER OK");
            for (String shot : List.of("wall.png", "console.png", "phone.png")) {
                assertThat(Files.size(out.resolve(shot))).as(shot).isGreaterThan(10_000);
            }
        }
    }
}
