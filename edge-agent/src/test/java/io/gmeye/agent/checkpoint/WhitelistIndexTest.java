package io.gmeye.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class WhitelistIndexTest {
    @Test
    void agreesWithAMapThroughRandomPutsRemovalsAndGrowth() {
        Random rnd = new Random(3);
        Map<String, String> expected = new HashMap<>();
        WhitelistIndex index = WhitelistIndex.withRoomFor(10);
        String[] keys = new String[3000];
        for (int i = 0; i < keys.length; i++) {
            byte[] b = new byte[32];
            rnd.nextBytes(b);
            b[0] = (byte) (i % 7); // crowd the probe chains
            keys[i] = HexFormat.of().formatHex(b);
        }
        for (int step = 0; step < 40_000; step++) {
            String k = keys[rnd.nextInt(keys.length)];
            if (rnd.nextInt(3) == 0) {
                index.remove(k);
                expected.remove(k);
            } else {
                String list = rnd.nextBoolean() ? "white" : "red";
                if (index.size() + 1 > index.capacity() * 0.6) {
                    index = index.copyWithRoom(1);
                }
                index.put(k, list, step);
                expected.put(k, list);
            }
        }
        assertThat(index.size()).isEqualTo(expected.size());
        for (String k : keys) {
            assertThat(index.find(k).map(Listing::list).orElse(null)).as(k).isEqualTo(expected.get(k));
        }
    }
}
