package io.gmeye.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.devices.RecordingOutbox;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.config.WhitelistDelta;
import io.gmeye.protocols.config.WhitelistState;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WhitelistStoreTest {
    @TempDir
    Path dir;

    @Test
    void appliesDeltasInOrderAndReportsTheVersionItHolds() {
        try (WhitelistStore s = WhitelistStore.open(dir)) {
            assertThat(s.version()).isEqualTo(-1);
            String alice = Whitelists.person(1);
            String bob = Whitelists.person(2);
            assertThat(s.apply(new WhitelistDelta(-1, 1, false, List.of(Whitelists.white(alice), Whitelists.listed(bob, "red")), List.of())).outcome())
                    .isEqualTo(WhitelistStore.Outcome.APPLIED);
            assertThat(s.version()).isEqualTo(1);
            assertThat(s.entries()).isEqualTo(2);
            assertThat(s.lookup(Whitelists.PERSONS.hash(bob)).orElseThrow().list()).isEqualTo("red");
            assertThat(s.lookup(Whitelists.PERSONS.hash(alice)).orElseThrow().list()).isEqualTo("white");

            s.apply(new WhitelistDelta(1, 2, false, List.of(), List.of(Whitelists.PERSONS.hash(alice))));
            assertThat(s.lookup(Whitelists.PERSONS.hash(alice))).isEmpty();
            assertThat(s.entries()).isEqualTo(1);
            assertThat(s.apply(new WhitelistDelta(1, 2, false, List.of(), List.of())).outcome()).isEqualTo(WhitelistStore.Outcome.ALREADY_HELD);
        }
        try (WhitelistStore reopened = WhitelistStore.open(dir)) {
            assertThat(reopened.version()).isEqualTo(2);
            assertThat(reopened.entries()).isEqualTo(1);
        }
    }

    @Test
    void aDeltaFromAnotherVersionIsAGapAndAsksTheHubForTheFullList() {
        ExecutorService writer = Executors.newSingleThreadExecutor();
        RecordingOutbox outbox = new RecordingOutbox();
        try (WhitelistStore s = WhitelistStore.open(dir)) {
            WhitelistSync sync = new WhitelistSync("site-a", s, outbox, writer, Clock.systemUTC(), Metrics.NOOP);
            sync.onDelta(new WhitelistDelta(-1, 5, false, Whitelists.range(0, 10, null), List.of())).join();
            var gap = sync.onDelta(new WhitelistDelta(7, 8, false, Whitelists.range(10, 20, null), List.of())).join();
            assertThat(gap.outcome()).isEqualTo(WhitelistStore.Outcome.GAP);
            assertThat(s.version()).isEqualTo(5);
            assertThat(s.lookup(Whitelists.PERSONS.hash(Whitelists.person(15)))).isEmpty();
            List<WhitelistState> states = outbox.bodies(WhitelistState.class);
            assertThat(states).hasSize(2);
            assertThat(states.get(0)).isEqualTo(new WhitelistState(5, 10, false, null));
            assertThat(states.get(1).resync()).isTrue();
            assertThat(states.get(1).reason()).contains("holds version 5 but the delta goes from 7");

            // the hub answers with the full list in parts; the switch happens with the last part
            List<WhitelistDelta> parts = Whitelists.fullInChunks(8, Whitelists.range(100, 350, null), 100);
            assertThat(sync.onDelta(parts.get(0)).join().outcome()).isEqualTo(WhitelistStore.Outcome.STAGED);
            assertThat(sync.onDelta(parts.get(1)).join().outcome()).isEqualTo(WhitelistStore.Outcome.STAGED);
            assertThat(s.version()).isEqualTo(5);
            assertThat(s.lookup(Whitelists.PERSONS.hash(Whitelists.person(3)))).isPresent();
            assertThat(s.lookup(Whitelists.PERSONS.hash(Whitelists.person(120)))).isEmpty();
            assertThat(sync.onDelta(parts.get(2)).join().outcome()).isEqualTo(WhitelistStore.Outcome.APPLIED);
            assertThat(s.version()).isEqualTo(8);
            assertThat(s.entries()).isEqualTo(250);
            assertThat(s.lookup(Whitelists.PERSONS.hash(Whitelists.person(3)))).isEmpty();
            assertThat(s.lookup(Whitelists.PERSONS.hash(Whitelists.person(349)))).isPresent();
            assertThat(outbox.bodies(WhitelistState.class).get(2)).isEqualTo(new WhitelistState(8, 250, false, null));
        } finally {
            writer.shutdown();
        }
    }

    @Test
    void aPartOfAFullListOutOfOrderIsAGapAndTheOldListStays() {
        try (WhitelistStore s = WhitelistStore.open(dir)) {
            s.apply(new WhitelistDelta(-1, 1, false, Whitelists.range(0, 5, null), List.of()));
            List<WhitelistDelta> parts = Whitelists.fullInChunks(2, Whitelists.range(10, 40, null), 10);
            s.apply(parts.get(0));
            assertThat(s.apply(parts.get(2)).outcome()).isEqualTo(WhitelistStore.Outcome.GAP);
            assertThat(s.apply(parts.get(1)).outcome()).as("staging was dropped").isEqualTo(WhitelistStore.Outcome.GAP);
            assertThat(s.version()).isEqualTo(1);
            assertThat(s.entries()).isEqualTo(5);
        }
    }

    @Test
    void anAgentRestartedMidFullListHoldsTheOldVersion() {
        try (WhitelistStore s = WhitelistStore.open(dir)) {
            s.apply(new WhitelistDelta(-1, 1, false, Whitelists.range(0, 5, null), List.of()));
            s.apply(Whitelists.fullInChunks(2, Whitelists.range(10, 40, null), 10).get(0));
        }
        try (WhitelistStore s = WhitelistStore.open(dir)) {
            assertThat(s.version()).isEqualTo(1);
            assertThat(s.lookup(Whitelists.PERSONS.hash(Whitelists.person(12)))).isEmpty();
            assertThat(s.apply(Whitelists.fullInChunks(2, Whitelists.range(10, 40, null), 10).get(1)).outcome())
                    .isEqualTo(WhitelistStore.Outcome.GAP);
        }
    }
}
