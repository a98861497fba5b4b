package io.gmeye.agent.inspection.zone;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ZonesTest {
    @Test
    void aConcavePolygonContainsItsInsideAndNotItsNotch() {
        // an L shape: the top-right quarter is cut out
        Zone l = new Zone("l", List.of(List.of(0.0, 0.0), List.of(0.5, 0.0), List.of(0.5, 0.5), List.of(1.0, 0.5),
                List.of(1.0, 1.0), List.of(0.0, 1.0)));
        assertThat(l.contains(0.25, 0.25)).isTrue();
        assertThat(l.contains(0.75, 0.75)).isTrue();
        assertThat(l.contains(0.75, 0.25)).isFalse();
        assertThat(l.contains(1.2, 0.75)).isFalse();
    }

    @Test
    void aZoneNeedsThreeNormalisedPoints() {
        assertThatThrownBy(() -> new Zone("z", List.of(List.of(0.0, 0.0), List.of(1.0, 1.0))).validate()).hasMessageContaining("three");
        assertThatThrownBy(() -> new Zone("z", List.of(List.of(0.0, 0.0), List.of(1.5, 0.0), List.of(0.0, 1.0))).validate())
                .hasMessageContaining("0..1");
    }

    @Test
    void aSlantedStorefrontLineSplitsThePicture() {
        Line front = new Line(0.0, 0.6, 1.0, 0.4, Line.Side.BELOW);
        assertThat(front.isBeyond(0.1, 0.7)).isTrue();   // below the line on the left
        assertThat(front.isBeyond(0.1, 0.55)).isFalse();
        assertThat(front.isBeyond(0.9, 0.45)).isTrue();  // the line is higher on the right
        assertThat(new Line(0.5, 0.0, 0.5, 1.0, Line.Side.RIGHT).isBeyond(0.6, 0.5)).isTrue();
    }

    @Test
    void presenceNeedsInertiaSamplesInARowToEnterAndToLeaveAndDatesEntryFromTheFirst() {
        ZonePresence p = new ZonePresence(3);
        assertThat(p.update(true, 100)).isFalse();
        assertThat(p.update(false, 200)).isFalse(); // a flicker resets the count
        assertThat(p.update(true, 300)).isFalse();
        assertThat(p.update(true, 400)).isFalse();
        assertThat(p.update(true, 500)).isTrue();
        assertThat(p.since()).isEqualTo(300);
        assertThat(p.update(false, 600)).isTrue();
        assertThat(p.update(false, 700)).isTrue();
        assertThat(p.update(false, 800)).isFalse();
        assertThat(p.since()).isEqualTo(-1);
    }
}
