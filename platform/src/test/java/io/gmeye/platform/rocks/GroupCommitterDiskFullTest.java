package io.gmeye.platform.rocks;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gmeye.platform.metrics.Metrics;
import io.gmeye.protocols.error.ErrorKind;
import io.gmeye.protocols.error.GmeyeException;
import io.gmeye.rigs.disk.SmallDisk;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GroupCommitterDiskFullTest {
    @TempDir
    Path tmp;

    @Test
    void refusesWritesWithAReasonWhileTheDiskIsFullAndResumesWhenSpaceReturns() throws Exception {
        assumeTrue(SmallDisk.available(), "mounting a small tmpfs needs root");
        try (SmallDisk disk = SmallDisk.mount(tmp.resolve("disk"), 24)) {
            try (RocksDatabase db = RocksDatabase.open(disk.dir().resolve("db"), List.of("data"), 1 << 20);
                 GroupCommitter gc = new GroupCommitter("test", db, true, 1000, 100, Metrics.NOOP)) {
                gc.minFreeBytes(1 << 20);
                byte[] value = new byte[16 * 1024];
                gc.submit(b -> {
                    b.put(db.cf("data"), "before".getBytes(), value);
                    return null;
                }).get();
                Path filler = disk.fill(64 * 1024);
                GmeyeException refused = null;
                for (int i = 0; i < 200 && refused == null; i++) {
                    int n = i;
                    try {
                        gc.submit(b -> {
                            b.put(db.cf("data"), ("k" + n).getBytes(), value);
                            return null;
                        }).get();
                    } catch (ExecutionException e) {
                        refused = (GmeyeException) e.getCause();
                    }
                }
                assertThat(refused).isNotNull();
                assertThat(refused.kind()).isEqualTo(ErrorKind.STORAGE_FULL);
                assertThat(refused.reason()).contains("the disk is full");
                assertThat(gc.diskFull()).isTrue();

                Files.delete(filler);
                gc.submit(b -> {
                    b.put(db.cf("data"), "after".getBytes(), value);
                    return null;
                }).get();
                assertThat(gc.diskFull()).isFalse();
                assertThat(db.<byte[]>read(d -> d.get(db.cf("data"), "before".getBytes()))).hasSize(value.length);
                assertThat(db.<byte[]>read(d -> d.get(db.cf("data"), "after".getBytes()))).hasSize(value.length);
            }
        }
    }
}
