package io.gmeye.agent.inspection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SamplingPoolTest {
    private final SamplingPool pool = new SamplingPool(2, "sampling");

    @AfterEach
    void close() {
        pool.close();
    }

    @Test
    void samplesTwoCamerasAtTheSameTimeSoOneSlowDecodeDoesNotHoldUpTheOther() throws Exception {
        CountDownLatch bothRunning = new CountDownLatch(2);
        CompletableFuture<Boolean> a = new CompletableFuture<>();
        CompletableFuture<Boolean> b = new CompletableFuture<>();
        // each sample waits until the other one runs too: with one thread (or samples queued behind each other) neither sees it
        assertThat(pool.offer("cam-a", () -> CompletableFuture.completedFuture(meet(bothRunning, a)))).isTrue();
        assertThat(pool.offer("cam-b", () -> CompletableFuture.completedFuture(meet(bothRunning, b)))).isTrue();

        assertThat(a.get(10, TimeUnit.SECONDS)).as("camera a's sample saw b's running beside it").isTrue();
        assertThat(b.get(10, TimeUnit.SECONDS)).as("camera b's sample saw a's running beside it").isTrue();
    }

    @Test
    void neverRunsTwoSamplesOfOneCameraAtOnceUntilItsAnalysisHasFinished() {
        CompletableFuture<Void> analysis = new CompletableFuture<>();
        AtomicInteger runs = new AtomicInteger();
        assertThat(pool.offer("cam-a", () -> {
            runs.incrementAndGet();
            return analysis; // inference and analysis go on elsewhere
        })).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);

        assertThat(pool.offer("cam-a", () -> {
            runs.incrementAndGet();
            return null;
        })).as("a second sample while the first one's analysis is open").isFalse();
        assertThat(pool.busy("cam-a")).isTrue();
        assertThat(pool.busy("cam-b")).isFalse();
        assertThat(pool.offer("cam-b", () -> null)).as("another camera meanwhile").isTrue();

        analysis.complete(null);
        await().atMost(Duration.ofSeconds(10)).until(() -> !pool.busy("cam-a"));
        assertThat(pool.offer("cam-a", () -> {
            runs.incrementAndGet();
            return null;
        })).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 2);
    }

    @Test
    void aSampleThatThrowsFreesItsCameraForTheNextTurn() {
        assertThat(pool.offer("cam-a", () -> {
            throw new IllegalStateException("cannot convert pixel format");
        })).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> !pool.busy("cam-a"));
        AtomicInteger runs = new AtomicInteger();
        assertThat(pool.offer("cam-a", () -> {
            runs.incrementAndGet();
            return null;
        })).isTrue();
        await().atMost(Duration.ofSeconds(10)).until(() -> runs.get() == 1);
    }

    @Test
    void runsOnItsOwnNamedThreadsAndContinuationsStayThere() throws Exception {
        Set<String> names = ConcurrentHashMap.newKeySet();
        CompletableFuture<String> inference = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        pool.offer("cam-a", () -> {
            names.add(Thread.currentThread().getName());
            return inference.thenApplyAsync(r -> names.add(Thread.currentThread().getName()), pool.executor())
                    .whenComplete((ok, err) -> done.complete(null));
        });
        new Thread(() -> inference.complete("boxes"), "model-worker").start(); // a model thread answers
        done.get(10, TimeUnit.SECONDS);

        assertThat(names).isNotEmpty().allMatch(n -> n.startsWith("sampling-"));
    }

    @Test
    void isSizedFromTheCoresWithinBounds() {
        assertThat(SamplingPool.sizeFromCores()).isBetween(2, 4).isLessThanOrEqualTo(Math.max(2, Runtime.getRuntime().availableProcessors()));
    }

    private static boolean meet(CountDownLatch both, CompletableFuture<Boolean> result) {
        both.countDown();
        try {
            result.complete(both.await(5, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            result.complete(false);
        }
        return true;
    }
}
