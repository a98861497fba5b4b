package io.gmeye.system.privacy;

import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.device.DeviceType;
import io.gmeye.protocols.device.DeviceWire;
import io.gmeye.protocols.fields.FieldKind;
import io.gmeye.protocols.fields.FieldSpec;
import io.gmeye.protocols.fields.PersonalData;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Messages that put personal numbers in every field a device of a type can fill, generated from
 * the type's declaration (so a new type, event or field is covered without a line here): each
 * declared reading and event field gets every planted number as text and as a number, each
 * message also carries undeclared fields, a planted device clock, severity, event name and
 * top-level keys. Each message knows what must arrive at the hub if the agent takes it.
 */
final class Plantings {
    /** Resident IDs (valid check digits, one ending in X), an old 15-digit ID, mobile numbers with and without +86. */
    static final String ID = "440301199001011234";
    static final String ID_X = "11010519491231002X";
    static final String OLD_ID = "440301900101123";
    static final String MOBILE = "15987654321";
    static final String MOBILE_INTL = "+86 159 8765 4321";
    static final List<String> TEXTS = List.of(ID, ID_X, OLD_ID, MOBILE, MOBILE_INTL, "seen " + ID + " tel " + MOBILE);
    static final List<Object> NUMBERS = List.of(440301199001011234L, 15987654321L, 440301900101123L, 4.40301199001011234E17);
    /** What must never be seen past the agent: each number whole, the part its masked form hides, its JSON double form. */
    static final List<String> FORBIDDEN = List.of(ID, ID.substring(4, 14), ID_X, ID_X.substring(4, 14), ID_X.toLowerCase(), OLD_ID,
            OLD_ID.substring(4, 11), MOBILE, MOBILE.substring(0, 7), "159 8765", String.valueOf(440301199001011234d),
            String.valueOf(15987654321d), String.valueOf(440301900101123d));
    static final List<Long> FORBIDDEN_LONGS = List.of(440301199001011234L, 15987654321L, 440301900101123L);

    enum Kind { TELEMETRY, EVENT, STATUS }

    /**
     * One message to send.
     *
     * @param arrives what the hub holds when the agent took it: event name, field, and the value as stored
     *                (masked text, or the person's hash); null when nothing in particular is expected
     */
    record Planting(Kind kind, String what, Map<String, Object> body, Arrival arrives, boolean undeclared) {
    }

    record Arrival(String event, String field, Object value) {
    }

    private Plantings() {
    }

    static List<Planting> of(DeviceType type, PersonRef persons, boolean mqtt) {
        List<Planting> out = new ArrayList<>();
        Map<String, Object> readings = base(type.fields());
        for (Map.Entry<String, FieldSpec> f : type.fields().entrySet()) {
            for (Object plant : plants(f.getValue())) {
                Map<String, Object> values = new LinkedHashMap<>(readings);
                values.put(f.getKey(), plant);
                out.add(new Planting(Kind.TELEMETRY, "reading " + f.getKey(), Map.of("values", values), null, false));
            }
        }
        out.add(new Planting(Kind.TELEMETRY, "undeclared reading", Map.of("values", with(readings, "memo", ID)), null, true));
        out.add(new Planting(Kind.TELEMETRY, "undeclared reading named by an ID", Map.of("values", with(readings, ID, 1)), null, true));
        out.add(new Planting(Kind.TELEMETRY, "flat readings with an undeclared one", with(readings, "owner_tel", MOBILE), null, true));
        out.add(new Planting(Kind.TELEMETRY, "undeclared top-level key", Map.of("values", readings, "owner", ID_X), null, true));
        for (Object ts : List.of(440301199001011234L, 15987654321L, ID)) {
            out.add(new Planting(Kind.TELEMETRY, "device clock", Map.of("ts", ts, "values", readings), null, false));
        }
        for (String event : type.eventNames()) {
            Map<String, FieldSpec> declared = type.events().get(event);
            Map<String, Object> data = base(declared);
            for (Map.Entry<String, FieldSpec> f : declared.entrySet()) {
                for (Object plant : plants(f.getValue())) {
                    out.add(new Planting(Kind.EVENT, "event " + event + "." + f.getKey(), event(event, with(data, f.getKey(), plant)),
                            arrival(event, f.getKey(), f.getValue(), plant, persons), false));
                }
            }
            out.add(new Planting(Kind.EVENT, "undeclared field of " + event, event(event, with(data, "memo", ID)), null, true));
            out.add(new Planting(Kind.EVENT, "severity of " + event, Map.of("name", event, "severity", MOBILE, "data", data), null, false));
            out.add(new Planting(Kind.EVENT, "undeclared top-level key of " + event, Map.of("name", event, "data", data, "owner", ID), null, true));
        }
        out.add(new Planting(Kind.EVENT, "event named by an ID", event(ID, Map.of()), null, false));
        out.add(new Planting(Kind.EVENT, "command result for no command", event(DeviceWire.COMMAND_RESULT,
                Map.of("commandId", ID, "status", "failed", "message", "by " + MOBILE)), null, false));
        if (mqtt) { // CoAP devices have no status resource: their heartbeat is any message
            out.add(new Planting(Kind.STATUS, "status", Map.of("status", ID), null, false));
            out.add(new Planting(Kind.STATUS, "ping", Map.of("ping", MOBILE, "note", ID_X), null, false));
        }
        return out;
    }

    private static Map<String, Object> event(String name, Map<String, Object> data) {
        return Map.of("name", name, "data", data);
    }

    private static Map<String, Object> with(Map<String, Object> base, String key, Object value) {
        Map<String, Object> m = new LinkedHashMap<>(base);
        m.put(key, value);
        return m;
    }

    private static List<Object> plants(FieldSpec spec) {
        List<Object> out = new ArrayList<>();
        for (String t : TEXTS) {
            if (spec.kind() != FieldKind.TEXT && spec.kind() != FieldKind.PERSON || t.length() <= spec.maxLength()) {
                out.add(t);
            }
        }
        out.addAll(NUMBERS);
        return out;
    }

    /** What the hub holds for a planted value the agent takes: text masked, a person as hash and masked form. */
    private static Arrival arrival(String event, String field, FieldSpec spec, Object plant, PersonRef persons) {
        if (!(plant instanceof String s)) {
            return null;
        }
        return switch (spec.kind()) {
            case TEXT -> new Arrival(event, field, PersonalData.scrub(s).text());
            case PERSON -> new Arrival(event, field, Map.of("personHash", persons.hash(s), "masked", PersonRef.mask(s)));
            default -> null;
        };
    }

    /** Valid values for the required fields, so a message is refused only for what was planted. */
    private static Map<String, Object> base(Map<String, FieldSpec> fields) {
        Map<String, Object> out = new LinkedHashMap<>();
        fields.forEach((name, spec) -> {
            if (spec.required()) {
                out.put(name, switch (spec.kind()) {
                    case NUMBER -> (spec.min() + spec.max()) / 2;
                    case INTEGER -> (long) Math.floor((spec.min() + spec.max()) / 2);
                    case BOOLEAN -> true;
                    case ENUM -> spec.values().get(0);
                    case TEXT -> "ok";
                    case PERSON -> ID;
                    case TIMESTAMP -> 1_777_622_400_000L;
                });
            }
        });
        return out;
    }
}
