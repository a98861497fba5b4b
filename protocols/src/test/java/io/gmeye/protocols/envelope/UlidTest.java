package io.gmeye.protocols.envelope;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class UlidTest {
    @Test
    void idsAreUniqueAndSortByCreationEvenWithinOneMillisecond() {
        Ulid gen = new Ulid();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            ids.add(gen.generate(1_700_000_000_000L));
        }
        assertThat(new HashSet<>(ids)).hasSize(ids.size());
        assertThat(ids).isSorted();
        assertThat(ids.get(0)).hasSize(26);
    }

    @Test
    void keepsItsTimestamp() {
        String id = new Ulid().generate(1_800_000_000_123L);
        assertThat(Ulid.timestamp(id)).isEqualTo(1_800_000_000_123L);
        assertThat(Ulid.timestamp("not-a-ulid")).isEqualTo(-1);
    }

    @Test
    void staysOrderedWhenTheClockStepsBack() {
        Ulid gen = new Ulid();
        String a = gen.generate(1_900_000_000_000L);
        String b = gen.generate(1_899_999_999_000L);
        assertThat(b).isGreaterThan(a);
    }
}
