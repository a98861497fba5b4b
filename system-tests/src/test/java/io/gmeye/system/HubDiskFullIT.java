package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gmeye.hub.app.Hub;
import io.gmeye.hub.config.HubConfig;
import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.Space;
import io.gmeye.rigs.disk.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The hub's disk runs full: agents are refused with a reason, keep their records, and deliver them once space returns. */
class HubDiskFullIT {
    @TempDir
    Path dir;

    @Test
    void agentsAreRefusedWithAReasonAndBufferUntilTheHubHasSpaceAgain() throws Exception {
        assumeTrue(SmallDisk.available(), "mounting a small tmpfs needs root");
        try (SmallDisk disk = SmallDisk.mount(dir.resolve("hubdisk"), 64)) {
            HubConfig config = new HubConfig(disk.dir().resolve("hub").toString(), new HubConfig.MqttSection("127.0.0.1", 0, null, null),
                    new HubConfig.HttpSection("127.0.0.1", 0), List.of(new HubConfig.SiteSection("site-f", null, "f-secret", null, null)));
            Hub hub = Hub.start(config).toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
            Path accepted = dir.resolve("accepted.txt");
            Path agentYaml = dir.resolve("agent.yaml");
            Files.writeString(agentYaml, """
                    site: site-f
                    dataDir: %s
                    hub: {url: "tcp://127.0.0.1:%d", password: f-secret, reconnectMin: 200ms, reconnectMax: 500ms}
                    health: {interval: 1s}
                    """.formatted(dir.resolve("agent"), hub.mqttPort()));
            try (JavaProcess agent = JavaProcess.start("agent", dir.resolve("logs"), new HashMap<>(), "io.gmeye.system.LoadAgent",
                    agentYaml.toString(), accepted.toString(), "20000", "2000")) {
                waitForLines(accepted, 2_000);
                Path filler = disk.fill(8 * 1024);
                agent.await(Pattern.compile("(the disk is full)"), Duration.ofSeconds(30));
                waitForLines(accepted, 8_000); // the site goes on accepting while the hub cannot store
                Files.delete(filler);
                agent.await(Pattern.compile("drained"), Duration.ofSeconds(120));
                String log = Files.readString(agent.log());
                assertThat(log).contains("hub did not take").contains("they stay in the outbox").doesNotContain("append refused");
                List<String> ids = Files.readAllLines(accepted).stream().filter(l -> !l.isBlank()).toList();
                assertThat(ids).hasSize(20_000);
                assertThat(ids.stream().filter(id -> hub.store().get(Space.MESSAGES, Keys.bytes(id)) == null).limit(3).toList())
                        .as("accepted records missing at the hub").isEmpty();
            } finally {
                hub.close();
            }
        }
    }

    private static void waitForLines(Path file, int n) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while ((Files.exists(file) ? Files.readAllLines(file).size() : 0) < n) {
            if (System.nanoTime() > end) {
                throw new AssertionError("fewer than " + n + " records accepted in time");
            }
            Thread.sleep(50);
        }
    }
}
