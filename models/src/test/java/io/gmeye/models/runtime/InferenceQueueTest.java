package io.gmeye.models.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.platform.metrics.MicrometerMetrics;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class InferenceQueueTest {
    @Test
    void aFloodingCameraCannotStarveTheOthers() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        List<String> served = Collections.synchronizedList(new ArrayList<>());
        try (InferenceQueue<String, String> q = new InferenceQueue<>("t", 1, 100, 1000, in -> {
            await(gate);
            served.add(in);
            return in;
        }, io.gmeye.platform.metrics.Metrics.NOOP)) {
            q.submit("block", "block-0"); // holds the one worker until the gate opens
            Thread.sleep(50);
            List<CompletableFuture<String>> all = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                all.add(q.submit("flood", "flood-" + i));
            }
            all.add(q.submit("quiet-a", "a-0"));
            all.add(q.submit("quiet-b", "b-0"));
            gate.countDown();
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            // the quiet cameras are served within the first round, not after 50 flood frames
            assertThat(served.indexOf("a-0")).isLessThanOrEqualTo(3);
            assertThat(served.indexOf("b-0")).isLessThanOrEqualTo(4);
        }
    }

    @Test
    void dropsACamerasOldestWaitingRequestForItsNewestAndCountsIt() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        MicrometerMetrics metrics = new MicrometerMetrics();
        try (InferenceQueue<String, String> q = new InferenceQueue<>("yolox", 1, 2, 1000, in -> {
            await(gate);
            return in;
        }, metrics)) {
            CompletableFuture<String> running = q.submit("cam1", "f0");
            Thread.sleep(50);
            CompletableFuture<String> f1 = q.submit("cam1", "f1");
            CompletableFuture<String> f2 = q.submit("cam1", "f2");
            CompletableFuture<String> f3 = q.submit("cam1", "f3");
            assertThat(q.pending()).isEqualTo(2);
            assertThat(f1).isCompletedExceptionally();
            gate.countDown();
            assertThat(running.get(5, TimeUnit.SECONDS)).isEqualTo("f0");
            assertThat(f2.get(5, TimeUnit.SECONDS)).isEqualTo("f2");
            assertThat(f3.get(5, TimeUnit.SECONDS)).isEqualTo("f3");
            assertThat(metrics.scrape()).containsPattern("inference_requests_total\\{.*outcome=\"dropped\".*\\} 1.0");
        }
    }

    @Test
    void refusesNewRequestsWhenTheWholeQueueIsFullInsteadOfGrowing() throws Exception {
        CountDownLatch gate = new CountDownLatch(1);
        MicrometerMetrics metrics = new MicrometerMetrics();
        try (InferenceQueue<String, String> q = new InferenceQueue<>("yolox", 1, 1, 3, in -> {
            await(gate);
            return in;
        }, metrics)) {
            q.submit("c0", "x");
            Thread.sleep(50);
            List<CompletableFuture<String>> accepted = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                accepted.add(q.submit("c" + i, "x"));
            }
            CompletableFuture<String> refused = q.submit("c4", "x");
            assertThat(refused).isCompletedExceptionally();
            assertThat(q.pending()).isEqualTo(3);
            gate.countDown();
            for (CompletableFuture<String> f : accepted) {
                assertThat(f.get(5, TimeUnit.SECONDS)).isEqualTo("x");
            }
            assertThat(metrics.scrape()).containsPattern("inference_requests_total\\{.*outcome=\"refused\".*\\} 1.0");
        }
    }

    @Test
    void runsWorkOffTheCallersThreadOnItsOwnNamedThreads() throws Exception {
        try (InferenceQueue<String, String> q = new InferenceQueue<>("yolox", 1, 1, 1, in -> Thread.currentThread().getName(),
                io.gmeye.platform.metrics.Metrics.NOOP)) {
            assertThat(q.submit("c", "x").get(5, TimeUnit.SECONDS)).startsWith("inference-yolox-");
        }
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
