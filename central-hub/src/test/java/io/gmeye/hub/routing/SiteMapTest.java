package io.gmeye.hub.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class SiteMapTest {
    private final ConcurrentHashMap<String, String> shared = new ConcurrentHashMap<>();

    @Test
    void aNodeLeavingTakesItsSitesAndNoOneElses() throws Exception {
        try (SiteMap a = new SiteMap(shared, "node-a");
             SiteMap b = new SiteMap(shared, "node-b")) {
            a.held("s1");
            a.held("s2");
            b.held("s3");
            a.drain();
            b.drain();
            b.nodeLeft("node-a");
            b.drain();
            assertThat(shared).containsExactly(Map.entry("s3", "node-b"));
        }
    }

    @Test
    void aSiteWhoseAgentMovedBeforeTheCleanupStaysWithItsNewNode() throws Exception {
        try (SiteMap a = new SiteMap(shared, "node-a");
             SiteMap b = new SiteMap(shared, "node-b")) {
            a.held("s1");
            a.drain();
            b.held("s1"); // the agent reconnected to b before a's departure was noticed
            b.drain();
            b.nodeLeft("node-a");
            a.released("s1"); // and a's old connection closing late does not take it either
            b.drain();
            a.drain();
            assertThat(shared).containsExactly(Map.entry("s1", "node-b"));
        }
    }

    @Test
    void readsComeFromTheEventsOfTheSharedMap() {
        try (SiteMap a = new SiteMap(new ConcurrentHashMap<>(Map.of("s1", "node-b")), "node-a")) {
            assertThat(a.holder("s1")).as("nothing heard yet").isNull();
            a.load();
            assertThat(a.holder("s1")).isEqualTo("node-b");
            a.changed("s1", "node-c");
            assertThat(a.holder("s1")).isEqualTo("node-c");
            a.changed("s1", null);
            assertThat(a.holder("s1")).isNull();
        }
    }
}
