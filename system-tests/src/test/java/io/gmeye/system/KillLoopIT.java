package io.gmeye.system;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A few rounds of the fault loop (./run bench faults does twenty of each): kill -9 of agent and hub during a mixed burst. */
class KillLoopIT {
    @TempDir
    Path dir;

    @Test
    void everyAcceptedRecordIsStoredExactlyOnceAcrossRepeatedKillsOfAgentAndHub() throws Exception {
        KillLoop.Result r = KillLoop.run(dir, 3, 3, 1500, 7L);
        System.out.println("kill loop: " + r);
        assertThat(r.acceptedIds()).isGreaterThan(5_000);
        assertThat(r.missing()).as("accepted records missing at the hub").isZero();
        assertThat(r.lifetimeStored()).as("messages stored over the hub's life equals the ids it holds: no replay applied twice")
                .isEqualTo(r.held());
        assertThat(r.held()).isGreaterThanOrEqualTo(r.acceptedIds());
    }
}
