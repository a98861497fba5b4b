package io.gmeye.agent.inspection.track;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.models.detect.Detection;
import io.gmeye.protocols.inspection.Box;
import java.util.List;
import org.junit.jupiter.api.Test;

class IouTrackerTest {
    static Detection det(String label, double x, double y) {
        return new Detection(0, label, 0.8, new Box(x, y, 40, 80));
    }

    @Test
    void keepsIdentitiesOfOverlappingBoxesAndCountsHowLongTheyStood() {
        IouTracker t = new IouTracker(0.3, 0.5, 5_000);
        List<Track> first = t.update(List.of(det("person", 100, 100), det("car", 300, 100)), 0);
        long person = first.stream().filter(x -> x.label().equals("person")).findFirst().orElseThrow().id();
        t.update(List.of(det("person", 102, 101), det("car", 301, 100)), 1_000);
        List<Track> third = t.update(List.of(det("person", 104, 100), det("car", 300, 99)), 2_000);
        assertThat(third).hasSize(2);
        Track p = third.stream().filter(x -> x.id() == person).findFirst().orElseThrow();
        assertThat(p.hits()).isEqualTo(3);
        assertThat(p.stationaryMs(2_000)).isEqualTo(2_000);
    }

    @Test
    void aWalkerIsTheSameTrackButNeverStationary() {
        IouTracker t = new IouTracker(0.3, 0.5, 5_000);
        Track last = null;
        for (int i = 0; i < 10; i++) {
            last = t.update(List.of(det("person", 100 + i * 15, 100)), i * 500L).get(0);
        }
        assertThat(last.id()).isEqualTo(1);
        assertThat(last.stationaryMs(4_500)).isLessThan(1_000);
    }

    @Test
    void doesNotMatchAcrossLabelsAndDropsTracksUnseenTooLong() {
        IouTracker t = new IouTracker(0.3, 0.5, 5_000);
        t.update(List.of(det("person", 100, 100)), 0);
        List<Track> now = t.update(List.of(det("bicycle", 100, 100)), 1_000);
        assertThat(now).extracting(Track::id).containsExactlyInAnyOrder(1L, 2L);
        assertThat(t.update(List.of(), 5_500)).extracting(Track::id).containsExactly(2L);
        assertThat(t.update(List.of(), 7_000)).isEmpty();
    }

    @Test
    void aTrackMissedForAFewSamplesKeepsItsIdentityAndDwell() {
        IouTracker t = new IouTracker(0.3, 0.5, 5_000);
        t.update(List.of(det("car", 50, 50)), 0);
        t.update(List.of(), 2_000);
        Track car = t.update(List.of(det("car", 52, 50)), 4_000).get(0);
        assertThat(car.id()).isEqualTo(1);
        assertThat(car.stationaryMs(4_000)).isEqualTo(4_000);
    }
}
