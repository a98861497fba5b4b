package io.gmeye.hub.online;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Removing cameras from the columnar table: each removed row takes the last row's place, so the
 * rows that stay keep their own site and online-ness, and a later report of a moved camera still
 * lands on its own row.
 */
class CameraTableTest {
    @Test
    void removedCamerasLeaveTheColumnsAndTheOthersKeepTheirRows() {
        CameraTable table = new CameraTable();
        for (int i = 0; i < 6; i++) {
            table.reported("cam-" + i, "site-" + (i % 2), i % 3 != 0);
        }
        table.removed(List.of("cam-0", "cam-3", "no-such-cam", "cam-5"));
        assertThat(rows(table)).containsOnly(Map.entry("cam-1", "site-1:true"), Map.entry("cam-2", "site-0:true"),
                Map.entry("cam-4", "site-0:true"));

        table.reported("cam-4", "site-1", false); // cam-4 moved into a removed camera's row
        table.reported("cam-0", "site-0", true); // reported again after its removal: a row of its own again
        assertThat(rows(table)).containsOnly(Map.entry("cam-1", "site-1:true"), Map.entry("cam-2", "site-0:true"),
                Map.entry("cam-4", "site-1:false"), Map.entry("cam-0", "site-0:true"));
    }

    /** Each row as id -> "site:online", failing on a row listed twice. */
    private static Map<String, String> rows(CameraTable table) {
        Map<String, String> out = new HashMap<>();
        table.readRows((size, ids, site, agentOnline, tags, sites) -> {
            for (int i = 0; i < size; i++) {
                assertThat(out.put(ids[i], sites.name(site[i]) + ":" + agentOnline[i])).as("row of " + ids[i]).isNull();
            }
        });
        return out;
    }
}
