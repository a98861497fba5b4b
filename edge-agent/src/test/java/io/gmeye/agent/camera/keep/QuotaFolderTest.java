package io.gmeye.agent.camera.keep;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.platform.metrics.Metrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The folder of finished files under a quota and an age, with files in sub-folders as recordings keep them. */
class QuotaFolderTest {
    private static final long KB = 1024;
    @TempDir
    Path dir;
    private final Clock clock = Clock.fixed(Instant.parse("2026-12-01T10:00:00Z"), ZoneOffset.UTC);

    private QuotaFolder open(long quota) {
        return new QuotaFolder("test", dir, quota, Duration.ofDays(1).toMillis(), clock, Metrics.NOOP, (name, modified) -> {
            int dash = name.indexOf('-');
            return dash < 0 ? modified : Long.parseLong(name.substring(dash + 1));
        });
    }

    @Test
    void filesCommittedPastTheQuotaEvictTheOldestOfAnySubFolderCountedAndToldToTheListener() throws IOException {
        QuotaFolder folder = open(100 * KB);
        List<String> gone = new ArrayList<>();
        folder.onGone(k -> gone.add(k.name()));
        write(folder, "a/1000", "a/1000-2000", 40 * KB, 2_000);
        write(folder, "b/1500", "b/1500-2500", 40 * KB, 2_500);
        write(folder, "a/2000", "a/2000-3000", 40 * KB, 3_000);
        assertThat(gone).containsExactly("a/1000-2000");
        assertThat(folder.find("a/1000-2000")).isEmpty();
        assertThat(folder.find("b/1500-2500")).isPresent();
        QuotaFolder.Stats s = folder.stats();
        assertThat(s.evicted()).isEqualTo(1);
        assertThat(s.files()).isEqualTo(2);
        assertThat(s.oldestAt()).isEqualTo(2_500);
        assertThat(s.bytes()).isEqualTo(folderBytes()).isLessThanOrEqualTo(100 * KB);
    }

    @Test
    void aReopenedFolderDeletesAndCountsPartsAndKeepsFinishedFilesInTheOrderTheirNamesDate() throws IOException {
        QuotaFolder folder = open(1024 * KB);
        write(folder, "a/5000", "a/5000-6000", KB, 6_000);
        write(folder, "b/1000", "b/1000-2000", KB, 2_000);
        Files.write(folder.partFor("a/6000"), new byte[100]);
        QuotaFolder reopened = open(1024 * KB);
        assertThat(reopened.stats().discarded()).isEqualTo(1);
        assertThat(reopened.kept()).extracting(QuotaFolder.Kept::name).containsExactly("b/1000-2000", "a/5000-6000");
        assertThat(Files.exists(dir.resolve("a/6000" + QuotaFolder.PART))).isFalse();
    }

    @Test
    void aNameThatWouldLeaveTheFolderIsRefused() {
        QuotaFolder folder = open(1024 * KB);
        assertThatThrownBy(() -> folder.partFor("../x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> folder.partFor("a/b/c")).isInstanceOf(IllegalArgumentException.class);
    }

    private void write(QuotaFolder folder, String part, String name, long bytes, long at) throws IOException {
        Files.write(folder.partFor(part), new byte[(int) bytes]);
        folder.commit(part, name, at);
    }

    private long folderBytes() throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
    }
}
