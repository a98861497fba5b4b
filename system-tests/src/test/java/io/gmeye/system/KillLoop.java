package io.gmeye.system;

import io.gmeye.hub.ingest.IngestService;
import io.gmeye.hub.store.RocksStore;
import io.gmeye.hub.store.Space;
import io.gmeye.platform.metrics.Metrics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * kill -9 of the agent and of the hub, in a random order, during a mixed burst (alerts, events,
 * passes, telemetry, health: LoadAgent "mixed"), each restarted at once. At the end the agent
 * drains, the hub stops, and its store is read back: every record the agent accepted is there,
 * and the hub's lifetime count of stored messages equals the ids it holds, so no replay after a
 * kill was applied twice (the duplicates it caught are counted too).
 */
public final class KillLoop {
    private static final Pattern HUB_READY = Pattern.compile("gmeye hub ready");

    /** What a run came to. */
    public record Result(int agentKills, int hubKills, int acceptedIds, int missing, long held, long lifetimeStored, long duplicatesCaught,
                         double seconds) {
        public boolean exactlyOnce() {
            return missing == 0 && lifetimeStored == held;
        }
    }

    private KillLoop() {
    }

    public static Result run(Path dir, int agentKills, int hubKills, int rate, long seed) throws Exception {
        SiteFiles files = SiteFiles.write(dir, "site-k", "k-secret");
        Path hubYaml = files.hubYaml();
        Path agentYaml = files.agentYaml();
        Path accepted = dir.resolve("accepted.txt");
        Path logs = dir.resolve("logs");
        Random random = new Random(seed);
        List<Character> kills = new ArrayList<>();
        for (int i = 0; i < agentKills; i++) {
            kills.add('A');
        }
        for (int i = 0; i < hubKills; i++) {
            kills.add('H');
        }
        Collections.shuffle(kills, random);

        long t0 = System.nanoTime();
        int n = 0;
        JavaProcess hub = JavaProcess.start("hub-" + n, logs, new HashMap<>(), "io.gmeye.hub.app.HubMain", hubYaml.toString());
        hub.await(HUB_READY, Duration.ofSeconds(60));
        JavaProcess agent = loadAgent(logs, "agent-" + n, agentYaml, accepted, 100_000_000, rate);
        try {
            for (char k : kills) {
                n++;
                awaitGrowth(accepted, rate / 2, agent);
                Thread.sleep(300 + random.nextInt(1500)); // somewhere in the middle of a burst, not on a boundary
                if (k == 'A') {
                    agent.kill9();
                    agent = loadAgent(logs, "agent-" + n, agentYaml, accepted, 100_000_000, rate);
                } else {
                    hub.kill9();
                    hub = JavaProcess.start("hub-" + n, logs, new HashMap<>(), "io.gmeye.hub.app.HubMain", hubYaml.toString());
                    hub.await(HUB_READY, Duration.ofSeconds(60));
                }
            }
            awaitGrowth(accepted, rate / 2, agent);
            agent.kill9(); // the last kill: then a short final burst, and everything must drain
            agent = loadAgent(logs, "agent-final", agentYaml, accepted, rate, rate);
            agent.await(Pattern.compile("drained"), Duration.ofMinutes(5));
            hub.stop(Duration.ofSeconds(30));
        } finally {
            agent.close();
            hub.close();
        }
        double seconds = (System.nanoTime() - t0) / 1e9;

        List<String> ids = Files.readAllLines(accepted).stream().filter(l -> !l.isBlank()).toList();
        Set<String> held = new HashSet<>();
        long[] lifetime = new long[2];
        try (RocksStore store = new RocksStore(dir.resolve("hub").resolve("store"), false, Metrics.NOOP)) {
            store.scan(Space.MESSAGES, new byte[0], false, (k, v) -> held.add(new String(k, StandardCharsets.UTF_8)));
            byte[] s = store.get(Space.META, IngestService.STORED_KEY);
            byte[] d = store.get(Space.META, IngestService.DUPLICATES_KEY);
            lifetime[0] = s == null ? 0 : ByteBuffer.wrap(s).getLong();
            lifetime[1] = d == null ? 0 : ByteBuffer.wrap(d).getLong();
        }
        int missing = (int) ids.stream().filter(id -> !held.contains(id)).count();
        return new Result(agentKills, hubKills, new HashSet<>(ids).size(), missing, held.size(), lifetime[0], lifetime[1], seconds);
    }

    private static JavaProcess loadAgent(Path logs, String name, Path yaml, Path accepted, int count, int rate) throws Exception {
        return JavaProcess.start(name, logs, new HashMap<>(), "io.gmeye.system.LoadAgent", yaml.toString(), accepted.toString(),
                String.valueOf(count), String.valueOf(rate), "mixed");
    }

    private static long lines(Path p) throws Exception {
        if (!Files.exists(p)) {
            return 0;
        }
        try (var s = Files.lines(p)) {
            return s.count();
        }
    }

    private static void awaitGrowth(Path accepted, int by, JavaProcess agent) throws Exception {
        long target = lines(accepted) + by;
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (lines(accepted) < target) {
            if (System.nanoTime() > end || !agent.alive()) {
                throw new AssertionError("the agent stopped accepting records; log:\n" + agent.tail());
            }
            Thread.sleep(50);
        }
    }
}
