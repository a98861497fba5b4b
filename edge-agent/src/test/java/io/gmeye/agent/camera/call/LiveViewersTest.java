package io.gmeye.agent.camera.call;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class LiveViewersTest {
    @Test
    void aViewerThatNeitherRenewsNorLeavesDropsOutWhenItsLeaseRunsOut() {
        LiveViewers v = new LiveViewers();
        v.watch("alice", 0, 30_000);
        v.watch("bob", 10_000, 30_000);
        assertThat(v.expire(30_000)).isEqualTo(2);
        assertThat(v.expire(30_001)).isEqualTo(1); // alice's lost stop
        v.watch("bob", 35_000, 30_000); // renewed
        assertThat(v.expire(64_000)).isEqualTo(1);
        assertThat(v.expire(65_001)).isZero();
    }

    @Test
    void eachViewerCountsOnceAndLeavesOnce() {
        LiveViewers v = new LiveViewers();
        v.watch("alice", 0, 1_000);
        v.watch("alice", 500, 1_000);
        assertThat(v.count()).isEqualTo(1);
        v.leave("bob");
        assertThat(v.count()).isEqualTo(1);
        v.leave("alice");
        assertThat(v.count()).isZero();
    }
}
