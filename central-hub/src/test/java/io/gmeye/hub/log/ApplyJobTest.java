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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Applying a partition's records with the node's position kept in the same write: in order, once, refusals kept in place. */
class ApplyJobTest {
    @TempDir
    Path dir;
    RocksStore store;
    final CountingApplier applier = new CountingApplier();
    final byte[] position = ApplyJob.positionKey("gmeye.log", 0);

    @BeforeEach
    void open() {
        store = new RocksStore(dir, true, Metrics.NOOP);
    }

    @AfterEach
    void close() {
        store.close();
    }

    private Object apply(long offset, LogRecord.Kind kind, String body) {
        return store.write(new ApplyJob(LogRecord.of(kind, "site-1", 1_000, "node-1", body.getBytes(StandardCharsets.UTF_8)), applier, position,
                offset)).join();
    }

    private long position() {
        return ApplyJob.position(store.get(Space.META, position));
    }

    @Test
    void aRecordAfterOneThatWasNotAppliedFailsInsteadOfSkippingIt() {
        assertThatThrownBy(() -> apply(1, LogRecord.Kind.PUBLISH, "site-1|1"))
                .cause().isInstanceOf(GmeyeException.class).hasMessageContaining("comes before 0 was applied");
        assertThat(position()).isZero();
        assertThat(CountingApplier.number(store.get(Space.META, CountingApplier.APPLIED))).isZero();
    }

    @Test
    void aRecordReadAgainAfterItWasAppliedChangesNothing() {
        apply(0, LogRecord.Kind.PUBLISH, "site-1|1");
        assertThat(apply(0, LogRecord.Kind.PUBLISH, "site-1|1")).isSameAs(ApplyJob.DUPLICATE);
        assertThat(position()).isEqualTo(1);
        assertThat(CountingApplier.number(store.get(Space.META, CountingApplier.APPLIED))).isEqualTo(1);
    }

    @Test
    void aRefusalUndoesItsWritesButKeepsItsPlaceSoTheNextRecordFollows() {
        apply(0, LogRecord.Kind.COMMAND, "claim|item-1|ann");
        Object refused = apply(1, LogRecord.Kind.COMMAND, "claim|item-1|bob");
        assertThat(refused).isInstanceOf(ApplyJob.Refused.class);
        assertThat(((GmeyeException) ((ApplyJob.Refused) refused).reason()).kind()).isEqualTo(ErrorKind.CONFLICT);
        assertThat(position()).isEqualTo(2);
        assertThat(Keys.text(store.get(Space.META, Keys.of("claim", "item-1")))).isEqualTo("ann");
        assertThat(apply(2, LogRecord.Kind.PUBLISH, "site-1|1")).isEqualTo(1L);
        assertThat(applier.committed.get()).as("refused records do not reach memory").isEqualTo(2);
    }
}
