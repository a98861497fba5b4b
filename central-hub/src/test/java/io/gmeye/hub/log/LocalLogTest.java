package io.gmeye.hub.log;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.hub.store.Keys;
import io.gmeye.hub.store.RocksStore;
import io.gmeye.hub.store.Space;
import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded hub's log: the store is its own log, a record applied in the write that appends it. */
class LocalLogTest {
    @TempDir
    Path dir;
    RocksStore store;
    LocalLog log;
    final CountingApplier applier = new CountingApplier();

    @BeforeEach
    void open() {
        store = new RocksStore(dir, true, Metrics.NOOP);
        log = new LocalLog(store);
        log.start(applier).join();
    }

    @AfterEach
    void close() {
        log.close();
        store.close();
    }

    private static LogRecord record(LogRecord.Kind kind, String body) {
        return LogRecord.of(kind, "site-1", 1_000, "node-1", body.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void appliesARecordInTheWriteThatAppendsItAndHandsBackItsOutcome() {
        assertThat(log.appendAndApply(record(LogRecord.Kind.PUBLISH, "site-1|1")).join()).isEqualTo(1L);
        log.append(record(LogRecord.Kind.PUBLISH, "site-1|2")).join();
        assertThat(CountingApplier.number(store.get(Space.META, CountingApplier.APPLIED))).isEqualTo(2);
        assertThat(applier.committed.get()).isEqualTo(2);
        assertThat(log.lag()).isEmpty();
    }

    @Test
    void aRefusedCommandChangesNothingAndIsTheCallersOutcome() {
        assertThat(log.appendAndApply(record(LogRecord.Kind.COMMAND, "claim|item-7|ann")).join()).isEqualTo("ann");
        assertThatThrownBy(() -> log.appendAndApply(record(LogRecord.Kind.COMMAND, "claim|item-7|bob")).join())
                .isInstanceOf(CompletionException.class)
                .cause().isInstanceOf(GmeyeException.class)
                .satisfies(e -> assertThat(((GmeyeException) e).kind()).isEqualTo(ErrorKind.CONFLICT))
                .hasMessageContaining("already claimed by ann");
        assertThat(Keys.text(store.get(Space.META, Keys.of("claim", "item-7")))).isEqualTo("ann");
    }

    @Test
    void aCommandSeenTwiceIsAppliedOnce() {
        LogRecord claim = record(LogRecord.Kind.COMMAND, "claim|item-8|ann");
        assertThat(log.appendAndApply(claim).join()).isEqualTo("ann");
        assertThat(log.appendAndApply(claim).join()).isSameAs(ApplyJob.DUPLICATE);
        assertThat(applier.committed.get()).isEqualTo(1);
    }
}
