package io.gmeye.hub.workitems;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.hub.registry.TagDictionary;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The work item list's order: newest first by creation, then id, whatever order the items were applied in. */
class WorkItemIndexTest {
    private static WorkItem item(String id, String site, long createdAt) {
        return new WorkItem(id, WorkKind.INSPECTION, site, "cam-1", null, "parking-1", "parking", List.of(), WorkState.NEW, null, 1, createdAt,
                createdAt, null, null, List.of(), List.of());
    }

    private static List<String> newestFirst(WorkItemIndex index) {
        return index.query(new WorkQuery(s -> true, null, null, null, null, null, null, null, null, null, Long.MIN_VALUE, Long.MAX_VALUE, 0, 100))
                .ids();
    }

    @Test
    void listsByCreationThenIdWhateverOrderTheItemsWereAppliedIn() {
        // two sites' items as two nodes of a cluster may apply them (different partitions of the log)
        List<WorkItem> siteA = List.of(item("a1", "site-a", 100), item("a2", "site-a", 300));
        List<WorkItem> siteB = List.of(item("b1", "site-b", 200), item("b2", "site-b", 300));
        WorkItemIndex one = new WorkItemIndex(new TagDictionary());
        siteA.forEach(one::put);
        siteB.forEach(one::put);
        WorkItemIndex other = new WorkItemIndex(new TagDictionary());
        siteB.forEach(other::put);
        siteA.forEach(other::put);
        assertThat(newestFirst(one)).containsExactly("b2", "a2", "b1", "a1").isEqualTo(newestFirst(other));
        // a restart loads them in id order and sorts: the same order again
        WorkItemIndex loaded = new WorkItemIndex(new TagDictionary());
        List.of(siteA.get(0), siteA.get(1), siteB.get(0), siteB.get(1)).forEach(loaded::put);
        loaded.sortByCreation();
        assertThat(newestFirst(loaded)).isEqualTo(newestFirst(one));
        // an update keeps its place
        one.put(new WorkItem("b1", WorkKind.INSPECTION, "site-b", "cam-1", null, "parking-1", "parking", List.of(), WorkState.ACKNOWLEDGED, null, 2,
                200, 400, null, null, List.of(), List.of()));
        assertThat(newestFirst(one)).containsExactly("b2", "a2", "b1", "a1");
        assertThat(one.siteOf("b1")).isEqualTo("site-b");
    }
}
