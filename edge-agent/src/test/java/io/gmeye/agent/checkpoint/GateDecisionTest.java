package io.gmeye.agent.checkpoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.protocols.checkpoint.PassDecision;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class GateDecisionTest {
    static final long NOW = 1_700_000_000_000L;
    static final Optional<Listing> WHITE = Optional.of(new Listing("white", 0, null));

    static Scan scan(String code, Double temperature) {
        return new Scan("id_card", "h", "4403**********0000", code, temperature);
    }

    @Test
    void aHealthCodeOverridesTheWhitelist() {
        assertThat(GateDecision.decide(scan("yellow", 36.5), WHITE, 37.3, NOW))
                .isEqualTo(new GateDecision(PassDecision.DENY, "yellow health code", "yellow_code"));
        assertThat(GateDecision.decide(scan("red", null), WHITE, 37.3, NOW).alertKind()).isEqualTo("red_code");
    }

    @Test
    void aFeverAtTheThresholdIsRefused() {
        assertThat(GateDecision.decide(scan("green", 37.3), WHITE, 37.3, NOW).alertKind()).isEqualTo("fever");
        assertThat(GateDecision.decide(scan("green", 37.2), WHITE, 37.3, NOW).decision()).isEqualTo(PassDecision.ALLOW);
    }

    @Test
    void anExpiredEntryOrAYellowListingKeepsTheGateShut() {
        assertThat(GateDecision.decide(scan(null, null), Optional.of(new Listing("white", NOW - 1, null)), 37.3, NOW))
                .isEqualTo(new GateDecision(PassDecision.DENY, "whitelist entry expired", null));
        assertThat(GateDecision.decide(scan(null, null), Optional.of(new Listing("white", NOW + 1, null)), 37.3, NOW).decision())
                .isEqualTo(PassDecision.ALLOW);
        assertThat(GateDecision.decide(scan("green", null), Optional.of(new Listing("yellow", 0, null)), 37.3, NOW))
                .isEqualTo(new GateDecision(PassDecision.DENY, "on the yellow list", "listed"));
    }
}
