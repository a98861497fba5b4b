package io.gmeye.hub.estate;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The estate's copy-on-write rows: an edit makes a new version and leaves the old one exactly as
 * it was for whoever still reads it, copies only the chunks it touched, and keeps rows dense when
 * rows go (the last row takes the removed one's place).
 */
class TableTest {
    @Test
    void anEditLeavesTheVersionAReaderHoldsAsItWasAndSharesTheChunksItDidNotTouch() {
        Table.Editor<String> e = Table.<String>empty().edit();
        for (int i = 0; i < 3 * Table.CHUNK; i++) {
            e.put("cam-" + i, "online");
        }
        Table<String> v1 = e.build();
        Object derived = v1.chunk(2).derived(ch -> new Object());

        Table.Editor<String> e2 = v1.edit();
        e2.put("cam-5", "offline");
        e2.put("cam-new", "online");
        Table<String> v2 = e2.build();

        assertThat(v1.get("cam-5")).as("the held version").isEqualTo("online");
        assertThat(v1.contains("cam-new")).isFalse();
        assertThat(v1.size()).isEqualTo(3 * Table.CHUNK);
        assertThat(v2.get("cam-5")).isEqualTo("offline");
        assertThat(v2.get("cam-new")).isEqualTo("online");
        assertThat(v2.size()).isEqualTo(3 * Table.CHUNK + 1);
        assertThat(v2.chunk(1)).as("an untouched chunk is shared").isSameAs(v1.chunk(1));
        assertThat(v2.chunk(0)).as("a touched chunk is copied").isNotSameAs(v1.chunk(0));
        assertThat((Object) v2.chunk(2).<Object>derived(ch -> new Object())).as("what readers derived from an untouched chunk is kept").isSameAs(derived);
    }

    @Test
    void removedRowsLeaveNoHoleAndTheOthersKeepTheirValues() {
        Table.Editor<String> e = Table.<String>empty().edit();
        for (int i = 0; i < 6; i++) {
            e.put("cam-" + i, "site-" + (i % 2));
        }
        Table<String> v1 = e.build();
        Table.Editor<String> e2 = v1.edit();
        e2.remove("cam-0");
        e2.remove("cam-3");
        e2.remove("no-such-cam");
        e2.remove("cam-5");
        Table<String> v2 = e2.build();
        assertThat(rows(v2)).containsOnly(Map.entry("cam-1", "site-1"), Map.entry("cam-2", "site-0"), Map.entry("cam-4", "site-0"));
        assertThat(rows(v1)).as("the held version still has all six").hasSize(6);

        Table.Editor<String> e3 = v2.edit();
        e3.put("cam-4", "site-1"); // moved into a removed row's place, still its own
        e3.put("cam-0", "site-0"); // back after its removal: a row of its own again
        assertThat(rows(e3.build())).containsOnly(Map.entry("cam-1", "site-1"), Map.entry("cam-2", "site-0"), Map.entry("cam-4", "site-1"),
                Map.entry("cam-0", "site-0"));
    }

    /** Each row as id -> value, read chunk by chunk, failing on a row listed twice. */
    private static Map<String, String> rows(Table<String> t) {
        Map<String, String> out = new HashMap<>();
        for (int c = 0; c < t.chunkCount(); c++) {
            Table.Chunk<String> ch = t.chunk(c);
            for (int i = 0; i < ch.size(); i++) {
                assertThat(out.put(ch.id(i), ch.row(i))).as("row of " + ch.id(i)).isNull();
                assertThat(t.get(ch.id(i))).isEqualTo(ch.row(i));
            }
        }
        assertThat(out).hasSize(t.size());
        return out;
    }
}
