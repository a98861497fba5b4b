package io.gmeye.hub.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PendingDecisionsTest {
    private final PendingDecisions pending = new PendingDecisions("thing");
    private final AtomicInteger submitted = new AtomicInteger();

    @Test
    void aSweepBeforeTheDecisionIsAppliedDoesNotDecideItAgainAndOneAfterItDoes() {
        CompletableFuture<Object> applied = new CompletableFuture<>();
        PendingDecisions.Round first = pending.round();
        first.decide("a", "end a", () -> { submitted.incrementAndGet(); return applied; });
        CompletableFuture<Void> firstDone = first.done();

        PendingDecisions.Round second = pending.round();
        second.decide("a", "end a", () -> { submitted.incrementAndGet(); return new CompletableFuture<>(); });
        assertThat(second.done()).isDone(); // nothing of its own on the way
        assertThat(submitted).hasValue(1);
        assertThat(firstDone).isNotDone();

        applied.complete("applied");
        assertThat(firstDone).isCompleted();
        pending.round().decide("a", "end a", () -> { submitted.incrementAndGet(); return CompletableFuture.completedFuture(null); });
        assertThat(submitted).hasValue(2);
    }

    @Test
    void aDecisionThatDidNotReachTheLogIsDecidedAgainAndDoesNotFailTheRound() {
        PendingDecisions.Round round = pending.round();
        round.decide("a", "end a", () -> { submitted.incrementAndGet(); return CompletableFuture.failedFuture(new IllegalStateException("log down")); });
        round.decide("b", "end b", () -> { submitted.incrementAndGet(); throw new IllegalStateException("log closed"); });
        assertThat(round.done()).isCompleted();

        PendingDecisions.Round again = pending.round();
        again.decide("a", "end a", () -> { submitted.incrementAndGet(); return CompletableFuture.completedFuture(null); });
        again.decide("b", "end b", () -> { submitted.incrementAndGet(); return CompletableFuture.completedFuture(null); });
        assertThat(submitted).hasValue(4);
    }
}
