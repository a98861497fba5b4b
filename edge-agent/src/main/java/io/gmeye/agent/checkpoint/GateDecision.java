package io.gmeye.agent.checkpoint;

import io.gmeye.protocols.checkpoint.PassDecision;
import java.util.Optional;

/**
 * The rules of a gate, in order: health code, temperature, then the lists. Pure, so every rule
 * is tested without a wire.
 *
 * @param alertKind red_code, yellow_code, fever or listed when the scan raises an alert, else null
 */
record GateDecision(PassDecision decision, String reason, String alertKind) {
    static GateDecision decide(Scan scan, Optional<Listing> listing, double feverCelsius, long now) {
        if ("red".equals(scan.healthCode())) {
            return new GateDecision(PassDecision.DENY, "red health code", "red_code");
        }
        if ("yellow".equals(scan.healthCode())) {
            return new GateDecision(PassDecision.DENY, "yellow health code", "yellow_code");
        }
        if (scan.temperature() != null && scan.temperature() >= feverCelsius) {
            return new GateDecision(PassDecision.DENY, "temperature " + scan.temperature() + " °C", "fever");
        }
        if (listing.isEmpty()) {
            return new GateDecision(PassDecision.DENY, "not on the whitelist", null);
        }
        Listing l = listing.get();
        return switch (l.list()) {
            case "red" -> new GateDecision(PassDecision.DENY, "on the red list", "listed");
            case "yellow" -> new GateDecision(PassDecision.DENY, "on the yellow list", "listed");
            default -> l.validUntil() > 0 && l.validUntil() < now
                    ? new GateDecision(PassDecision.DENY, "whitelist entry expired", null)
                    : new GateDecision(PassDecision.ALLOW, "on the whitelist", null);
        };
    }
}
