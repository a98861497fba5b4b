package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.hub.agents.SiteCredentials;
import io.gmeye.hub.config.HubConfig;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The launcher as the README tells a user to run it (./run, from the built modules). */
class RunLauncherIT {
    @Test
    void runHubHashSecretPrintsTheStoredFormOfTheSecretAHubAccepts() throws Exception {
        Path root = Path.of(System.getProperty("gmeye.root")).toAbsolutePath();
        Process p = new ProcessBuilder(root.resolve("run").toString(), "hub", "hash-secret", "a site's secret").directory(root.toFile())
                .redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("./run hub hash-secret finished").isTrue();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertThat(p.exitValue()).as(out).isZero();
        String stored = out.lines().reduce((a, b) -> b).orElseThrow();
        assertThat(stored).startsWith("pbkdf2-sha256:").doesNotContain("a site's secret");
        SiteCredentials check = new SiteCredentials(List.of(new HubConfig.SiteSection("site-x", "site-x", null, stored, List.of())));
        assertThat(check.verify("site-x", "a site's secret")).isTrue();
        assertThat(check.verify("site-x", "another secret")).isFalse();
    }
}
