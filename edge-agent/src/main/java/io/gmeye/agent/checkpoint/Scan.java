package io.gmeye.agent.checkpoint;

import io.gmeye.agent.devices.ingest.DeviceEventIn;
import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.error.GmeyeException;
import java.util.List;

/**
 * A sentinel's scan after it crossed into the agent: the raw reference is already replaced by
 * its salted hash and masked form, so nothing downstream can leak it.
 */
record Scan(String credential, String personHash, String personMasked, String healthCode, Double temperature) {
    private static final List<String> CREDENTIALS = List.of("id_card", "face", "code");
    private static final List<String> CODES = List.of("green", "yellow", "red");

    static Scan from(DeviceEventIn event, PersonRef persons) {
        String credential = event.text("credential");
        if (credential == null || !CREDENTIALS.contains(credential)) {
            throw GmeyeException.badRequest("data.credential: '" + credential + "' is not one of " + String.join(", ", CREDENTIALS));
        }
        String ref = event.text("ref");
        if (ref == null || ref.isBlank()) {
            throw GmeyeException.badRequest("data.ref: the person reference is required");
        }
        String code = event.text("healthCode");
        if (code != null && !CODES.contains(code)) {
            throw GmeyeException.badRequest("data.healthCode: '" + code + "' is not one of " + String.join(", ", CODES));
        }
        Object t = event.data().get("temperature");
        if (t != null && !(t instanceof Number)) {
            throw GmeyeException.badRequest("data.temperature: expected a number in °C");
        }
        Double temperature = t == null ? null : ((Number) t).doubleValue();
        if (temperature != null && (temperature < 25 || temperature > 45)) {
            throw GmeyeException.badRequest("data.temperature: " + temperature + " °C is not a body temperature (25..45)");
        }
        return new Scan(credential, persons.hash(ref), PersonRef.mask(ref), code, temperature);
    }
}
