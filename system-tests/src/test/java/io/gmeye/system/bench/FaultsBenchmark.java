package io.gmeye.system.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.rigs.bench.BenchReport;
import io.gmeye.system.KillLoop;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * ./run bench faults: kill -9 of the agent and of the hub, twenty times each in a random order,
 * during a mixed burst; afterwards every accepted record is at the hub exactly once.
 */
@Tag("bench")
class FaultsBenchmark {
    private static final int KILLS = Integer.getInteger("bench.faults.kills", 20);
    private static final int RATE = Integer.getInteger("bench.faults.rate", 2000);

    @TempDir
    Path dir;

    @Test
    void faults() throws Exception {
        KillLoop.Result r = KillLoop.run(dir, KILLS, KILLS, RATE, System.nanoTime());
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("agent_kills", r.agentKills());
        figures.put("hub_kills", r.hubKills());
        figures.put("offered_per_s", RATE);
        figures.put("accepted", r.acceptedIds());
        figures.put("accepted_per_s", Math.round(r.acceptedIds() / r.seconds()));
        figures.put("ratio", Math.round(r.acceptedIds() / r.seconds() / RATE * 100) / 100.0);
        figures.put("missing", r.missing());
        figures.put("held", r.held());
        figures.put("lifetime_stored", r.lifetimeStored());
        figures.put("duplicates_caught", r.duplicatesCaught());
        figures.put("exactly_once", r.exactlyOnce());
        figures.put("seconds", Math.round(r.seconds()));
        BenchReport.write("faults", figures);
        assertThat(r.exactlyOnce()).as(r.toString()).isTrue();
    }
}
