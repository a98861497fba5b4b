package io.gmeye.agent.gb28181.device;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.agent.gb28181.manscdp.Manscdp;
import java.util.List;
import org.junit.jupiter.api.Test;

class CatalogAssemblyTest {
    private final CatalogAssembly assembly = new CatalogAssembly(10_000);

    @Test
    void aCatalogIsWholeWhenSumNumDistinctItemsArrived() {
        assertThat(assembly.add(part(7, 3, "a", "b"), 0)).isEmpty();
        assertThat(assembly.add(part(7, 3, "b"), 10)).isEmpty(); // a retransmitted part counts once
        var whole = assembly.add(part(7, 3, "c"), 20);
        assertThat(whole).hasValueSatisfying(c -> {
            assertThat(c.complete()).isTrue();
            assertThat(c.items()).extracting(Manscdp.CatalogItem::id).containsExactly("a", "b", "c");
        });
    }

    @Test
    void partsOfANewerQueryStartOver() {
        assembly.add(part(1, 2, "a"), 0);
        assertThat(assembly.add(part(2, 2, "b"), 0)).isEmpty();
        assertThat(assembly.add(part(2, 2, "c"), 0)).hasValueSatisfying(c -> assertThat(c.items()).hasSize(2));
    }

    @Test
    void aCatalogWhosePartsStoppedIsTakenAsFarAsItGot() {
        assembly.add(part(3, 64, "a", "b"), 1_000);
        assertThat(assembly.overdue(5_000)).isEmpty();
        assertThat(assembly.overdue(11_000)).singleElement().satisfies(c -> {
            assertThat(c.complete()).isFalse();
            assertThat(c.sumNum()).isEqualTo(64);
            assertThat(c.items()).hasSize(2);
        });
    }

    private static Manscdp.CatalogPart part(long sn, int sum, String... ids) {
        return new Manscdp.CatalogPart("dev", sn, sum, java.util.Arrays.stream(ids)
                .map(id -> new Manscdp.CatalogItem(id, id, null, null, null, "dev", true, 0, null)).toList());
    }
}
