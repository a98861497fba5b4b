package io.gmeye.agent.inspection.snapshot;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.protocols.inspection.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabelLayoutTest {
    @Test
    void aLabelSitsJustAboveItsBoxWhenThereIsRoom() {
        List<LabelLayout.Place> p = LabelLayout.place(List.of(new Box(100, 200, 80, 160)), List.of(70), 16, 960, 540);
        assertThat(p).containsExactly(new LabelLayout.Place(100, 184, 70, 16));
    }

    @Test
    void labelsOfBoxesThatTouchOrOverlapNeverCoverEachOtherAndStayInThePicture() {
        // a vendor, their cart and goods: boxes stacked on each other, one at the top edge, one at the right edge
        List<Box> boxes = List.of(new Box(400, 250, 80, 160), new Box(405, 255, 70, 60), new Box(410, 262, 90, 40), new Box(402, 251, 60, 30),
                new Box(300, 0, 60, 40), new Box(930, 100, 30, 60));
        List<Integer> widths = List.of(90, 90, 120, 80, 90, 90);
        List<LabelLayout.Place> places = LabelLayout.place(boxes, widths, 16, 960, 540);
        assertThat(places).hasSize(boxes.size());
        for (int i = 0; i < places.size(); i++) {
            LabelLayout.Place a = places.get(i);
            assertThat(a.x()).isBetween(0, 960 - a.w());
            assertThat(a.y()).isBetween(0, 540 - a.h());
            for (int j = i + 1; j < places.size(); j++) {
                assertThat(a.overlaps(places.get(j))).as("label %d and %d", i, j).isFalse();
            }
        }
        assertThat(places.get(4).y()).as("a box at the top edge gets its label inside").isEqualTo(0);
        assertThat(places.get(5).x() + places.get(5).w()).as("a box at the right edge keeps its label in the picture").isLessThanOrEqualTo(960);
    }
}
