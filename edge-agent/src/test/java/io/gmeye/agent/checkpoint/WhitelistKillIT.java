package io.gmeye.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.protocols.config.WhitelistDelta;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An agent killed (SIGKILL, no shutdown hooks) while applying whitelist changes reopens holding
 * either the old or the new version, never a mix: checked by killing a child JVM at several
 * moments and looking at what each version must and must not contain.
 */
class WhitelistKillIT {
    static final int BASE = 2_000;
    static final int DELTA = 20_000;

    /** The child: version 1 = persons [0, BASE); then deltas that each add DELTA persons, version by version, forever. */
    public static void main(String[] args) {
        try (WhitelistStore s = WhitelistStore.open(Path.of(args[0]))) {
            if (s.version() < 0) {
                s.apply(new WhitelistDelta(-1, 1, false, Whitelists.range(0, BASE, "v1"), List.of()));
            }
            System.out.println("ready");
            System.out.flush();
            for (long v = s.version(); ; v++) {
                long from = BASE + (v - 1) * DELTA;
                s.apply(new WhitelistDelta(v, v + 1, false, Whitelists.range(from, from + DELTA, "v" + (v + 1)), List.of()));
                System.out.println("applied " + (v + 1));
                System.out.flush();
            }
        }
    }

    @Test
    void anAgentKilledMidApplyHoldsOneWholeVersion(@TempDir Path dir) throws Exception {
        long[] waits = {0, 150, 700};
        long last = 0;
        for (long wait : waits) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                    System.getProperty("java.class.path"), WhitelistKillIT.class.getName(), dir.toString()).redirectErrorStream(true).start();
            java.io.BufferedReader out = new java.io.BufferedReader(new java.io.InputStreamReader(child.getInputStream()));
            assertThat(out.readLine()).as("child output").isEqualTo("ready");
            // one delta applied whole, the next under way: on a loaded machine a fixed wait from the start may end before any
            assertThat(out.readLine()).as("child output").startsWith("applied ");
            Thread.sleep(wait); // then a kill at a moment that moves from run to run

            child.destroyForcibly(); // SIGKILL
            assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();

            try (WhitelistStore s = WhitelistStore.open(dir)) {
                long v = s.version();
                long expected = BASE + (v - 1) * DELTA;
                assertThat(s.entries()).as("entries of version %d", v).isEqualTo(expected);
                // the last person of the version held is there, the first of the next is not
                assertThat(s.lookup(Whitelists.PERSONS.hash(Whitelists.person(expected - 1)))).as("last of v%d", v).isPresent();
                assertThat(s.lookup(Whitelists.PERSONS.hash(Whitelists.person(expected)))).as("first of v%d", v + 1).isEmpty();
                assertThat(s.lookup(Whitelists.PERSONS.hash(Whitelists.person(expected + DELTA - 1)))).isEmpty();
                last = Math.max(last, v);
            }
        }
        assertThat(last).as("deltas were being applied when the child was killed").isGreaterThan(1);
    }
}
