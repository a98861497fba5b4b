package io.gmeye.platform.rocks;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.platform.metrics.Metrics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitterTest {
    @TempDir
    Path dir;

    private static byte[] b(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void manyJobsShareRoundsAndAllArePersisted() throws Exception {
        try (RocksDatabase db = RocksDatabase.open(dir, List.of("data"), 8 << 20);
             GroupCommitter gc = new GroupCommitter("test", db, true, 10_000, 512, Metrics.NOOP)) {
            List<CompletableFuture<Integer>> fs = new ArrayList<>();
            for (int i = 0; i < 5_000; i++) {
                int n = i;
                fs.add(gc.submit(batch -> {
                    batch.put(db.cf("data"), b("k" + n), b("v" + n));
                    return n;
                }));
            }
            CompletableFuture.allOf(fs.toArray(CompletableFuture[]::new)).get();
        }
        try (RocksDatabase db = RocksDatabase.open(dir, List.of("data"), 8 << 20)) {
            assertThat(db.db().get(db.cf("data"), b("k4999"))).isEqualTo(b("v4999"));
        }
    }

    @Test
    void aFailingJobLosesOnlyItsOwnWrites() throws Exception {
        try (RocksDatabase db = RocksDatabase.open(dir, List.of("data"), 8 << 20);
             GroupCommitter gc = new GroupCommitter("test", db, true, 100, 100, Metrics.NOOP)) {
            CompletableFuture<Void> ok = gc.submit(batch -> {
                batch.put(db.cf("data"), b("a"), b("1"));
                return null;
            });
            CompletableFuture<Void> bad = gc.submit(batch -> {
                batch.put(db.cf("data"), b("b"), b("2"));
                throw new IllegalStateException("refused");
            });
            ok.get();
            assertThat(bad).failsWithin(java.time.Duration.ofSeconds(5)).withThrowableOfType(ExecutionException.class)
                    .withMessageContaining("refused");
            assertThat(db.db().get(db.cf("data"), b("a"))).isEqualTo(b("1"));
            assertThat(db.db().get(db.cf("data"), b("b"))).isNull();
        }
    }

    @Test
    void aJobSeesWritesOfEarlierJobsInItsRound() throws Exception {
        try (RocksDatabase db = RocksDatabase.open(dir, List.of("data"), 8 << 20);
             GroupCommitter gc = new GroupCommitter("test", db, true, 100, 100, Metrics.NOOP)) {
            List<CompletableFuture<Boolean>> seen = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                seen.add(gc.submit(batch -> {
                    boolean existed = batch.get(db.cf("data"), b("same-id")) != null;
                    batch.put(db.cf("data"), b("same-id"), b("x"));
                    return existed;
                }));
            }
            long firsts = 0;
            for (CompletableFuture<Boolean> f : seen) {
                firsts += f.get() ? 0 : 1;
            }
            assertThat(firsts).isEqualTo(1);
        }
    }

    @Test
    void aRoundIsPublishedAfterEveryJobOfItCommittedAndBeforeAnyCallerHears() throws Exception {
        try (RocksDatabase db = RocksDatabase.open(dir, List.of("data"), 8 << 20);
             GroupCommitter gc = new GroupCommitter("test", db, true, 1_000, 1_000, Metrics.NOOP)) {
            java.util.concurrent.atomic.AtomicInteger committed = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger published = new java.util.concurrent.atomic.AtomicInteger();
            gc.afterEachRound(durable -> published.set(committed.get()));
            List<CompletableFuture<Integer>> heard = new ArrayList<>();
            for (int i = 0; i < 500; i++) {
                int n = i;
                heard.add(gc.submit(new GroupCommitter.Job<Integer>() {
                    @Override
                    public Integer apply(GroupCommitter.Batch batch) throws Exception {
                        batch.put(db.cf("data"), b("k" + n), b("v"));
                        return n;
                    }

                    @Override
                    public void committed(Integer result) {
                        committed.incrementAndGet();
                    }
                }).thenApply(n2 -> published.get()));
            }
            int[] atHearing = heard.stream().mapToInt(CompletableFuture::join).toArray();
            for (int i = 0; i < atHearing.length; i++) {
                assertThat(atHearing[i]).as("what was published when job " + i + "'s caller heard").isGreaterThan(i);
            }
        }
    }
}
