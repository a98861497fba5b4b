package io.gmeye.agent.camera.clip;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.platform.metrics.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clips folder under a quota and a retention, with real files. */
class ClipStoreTest {
    private static final long KB = 1024;
    @TempDir
    Path dir;
    private Instant now = Instant.parse("2026-12-01T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };

    @Test
    void underASmallQuotaTheOldestClipsAreEvictedAndCountedAndTheFolderNeverHoldsMore() throws IOException {
        ClipStore store = new ClipStore(dir, 100 * KB, Duration.ofDays(7).toMillis(), clock, Metrics.NOOP);
        for (int i = 1; i <= 5; i++) {
            write(store, "c" + i, 30 * KB);
            assertThat(folderBytes()).as("after clip %d", i).isLessThanOrEqualTo(100 * KB);
        }
        assertThat(store.find("c1")).isEmpty();
        assertThat(store.find("c2")).isEmpty();
        assertThat(store.find("c3")).isPresent();
        assertThat(store.find("c5")).isPresent();
        assertThat(store.stats().evicted()).isEqualTo(2);
        assertThat(store.stats().kept()).isEqualTo(3);
        assertThat(store.stats().bytes()).isEqualTo(folderBytes());
    }

    @Test
    void aClipLargerThanTheQuotaIsRefusedAndCountedWithoutEvictingTheOthers() throws IOException {
        ClipStore store = new ClipStore(dir, 100 * KB, Duration.ofDays(7).toMillis(), clock, Metrics.NOOP);
        write(store, "small", 40 * KB);
        assertThat(store.grow("huge", 101 * KB)).isFalse();
        store.fail("huge", "over_quota");
        assertThat(store.find("small")).isPresent();
        assertThat(store.stats().failed()).isEqualTo(1);
        assertThat(store.stats().evicted()).isZero();
    }

    @Test
    void clipsOlderThanTheRetentionAreDeletedAndCounted() throws IOException {
        ClipStore store = new ClipStore(dir, 1024 * KB, Duration.ofDays(2).toMillis(), clock, Metrics.NOOP);
        write(store, "old", 10 * KB);
        now = now.plus(Duration.ofDays(1));
        write(store, "young", 10 * KB);
        now = now.plus(Duration.ofDays(1)).plusSeconds(1);
        store.expire();
        assertThat(store.find("old")).isEmpty();
        assertThat(store.find("young")).isPresent();
        assertThat(store.stats().expired()).isEqualTo(1);
    }

    @Test
    void anUnfinishedClipIsNeverFoundAndOneLeftByACrashIsDeletedAndCountedAtTheNextStart() throws IOException {
        ClipStore store = new ClipStore(dir, 1024 * KB, Duration.ofDays(2).toMillis(), clock, Metrics.NOOP);
        write(store, "whole", 10 * KB);
        assertThat(store.grow("half", 20 * KB)).isTrue();
        Files.write(store.partFor("half"), new byte[5_000]);
        assertThat(store.find("half")).isEmpty();

        ClipStore reopened = new ClipStore(dir, 1024 * KB, Duration.ofDays(2).toMillis(), clock, Metrics.NOOP);
        assertThat(reopened.stats().discarded()).isEqualTo(1);
        assertThat(reopened.stats().kept()).isEqualTo(1);
        assertThat(reopened.find("whole")).isPresent();
        assertThat(Files.exists(reopened.partFor("half"))).isFalse();
    }

    private void write(ClipStore store, String id, long bytes) throws IOException {
        assertThat(store.grow(id, bytes)).isTrue();
        Files.write(store.partFor(id), new byte[(int) bytes]);
        store.commit(id);
    }

    private long folderBytes() throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
