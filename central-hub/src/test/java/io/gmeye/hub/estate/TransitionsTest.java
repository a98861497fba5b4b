package io.gmeye.hub.estate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.gmeye.hub.store.RocksStore;
import io.gmeye.platform.metrics.Metrics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one repository of histories: typed keys that never overlap, newest-first pages, every entry of a kind in order. */
class TransitionsTest {
    @TempDir
    Path dir;

    @Test
    void eachHistoryIsItsOwnAndReadsNewestFirst() {
        try (RocksStore store = new RocksStore(dir, true, Metrics.NOOP)) {
            Transitions t = new Transitions(store);
            store.write(tx -> {
                for (int i = 0; i < 5; i++) {
                    t.put(tx, TransitionKey.camera("cam-1"), 1_000 + i, "m" + i, new Transition("cam-1", "s", null, "s" + i, null, 1_000 + i));
                }
                t.put(tx, TransitionKey.camera("cam-10"), 5, "x", new Transition("cam-10", "s", null, "online", null, 5));
                t.put(tx, TransitionKey.site("s"), 7, SitePresence.SILENT, new Transition("s", "s", "alive", "silent", null, 7));
                t.put(tx, TransitionKey.siteConfig("s"), 3, "", new Transition("s", "s", null, "v3", null, 3));
                return null;
            }).join();
            assertThat(t.recent(TransitionKey.camera("cam-1"), Transition.class, 3)).extracting(Transition::to).containsExactly("s4", "s3", "s2");
            assertThat(t.recent(TransitionKey.camera("cam-10"), Transition.class, 10)).as("cam-1 is not a prefix of cam-10's history").hasSize(1);
            assertThat(t.recent(TransitionKey.site("s"), Transition.class, 10)).as("a site's silences apart from its configurations")
                    .extracting(Transition::to).containsExactly("silent");
            List<String> cameras = new ArrayList<>();
            t.each(TransitionKey.Kind.CAMERA, Transition.class, x -> cameras.add(x.entity() + ":" + x.to()));
            // by key bytes ("cam-10|" before "cam-1|"), then each entity's entries in time order
            assertThat(cameras).containsExactly("cam-10:online", "cam-1:s0", "cam-1:s1", "cam-1:s2", "cam-1:s3", "cam-1:s4");
            assertThat(t.get(TransitionKey.siteConfig("s"), 3, "", Transition.class).to()).isEqualTo("v3");
        }
    }

    @Test
    void aKeyNamesItsEntityPlainly() {
        assertThatThrownBy(() -> TransitionKey.camera("a|b")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new TransitionKey(TransitionKey.Kind.WHITELIST_DELTA, "x")).isInstanceOf(IllegalArgumentException.class);
    }
}
