package io.gmeye.hub.checkpoint;

import com.fasterxml.jackson.databind.JsonNode;
import io.gmeye.hub.api.InvalidBody;
import io.gmeye.protocols.checkpoint.PersonRef;
import io.gmeye.protocols.codec.Json;
import io.gmeye.protocols.config.WhitelistEntry;
import io.gmeye.protocols.fields.Fields;
import io.gmeye.protocols.fields.PersonalData;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A whitelist change as an administrator posts it ({@code {upserts: [{personHash, list, masked,
 * validUntil}], removals: [personHash]}}), checked whole before anything is stored, kept in the
 * history or pushed to agents: a hash must be in the agent's form (so it can ever match a scan
 * and is not a raw ID number), a masked form must be masked as the agent masks, a list one the
 * gates know. Every problem is reported at once, none repeating a personal number it was given.
 */
record WhitelistChange(List<WhitelistEntry> upserts, List<String> removals) {
    private static final Set<String> TOP = Set.of("upserts", "removals");
    private static final Set<String> ENTRY = Set.of("personHash", "list", "masked", "validUntil");
    static final String HASH_FORM = "the agent's hash: 64 lower-case hex characters, HMAC-SHA256 of the ID number with the district's salt"
            + " (./run whitelist prepare makes it)";

    /** The change, or an InvalidBody with every problem. */
    static WhitelistChange read(byte[] body) {
        JsonNode root;
        try {
            root = Json.mapper().readTree(body);
        } catch (IOException e) {
            String msg = e.getMessage() == null ? "" : e.getMessage().lines().findFirst().orElse("");
            throw new InvalidBody(List.of("body: not valid JSON: " + Fields.safe(msg)));
        }
        if (root == null || !root.isObject()) {
            throw new InvalidBody(List.of("body: expected {upserts: [{personHash, list, masked, validUntil}], removals: [personHash]}"));
        }
        List<String> problems = new ArrayList<>();
        unknown(root, TOP, "body.", problems);
        List<WhitelistEntry> upserts = new ArrayList<>();
        Map<String, String> seen = new HashMap<>();
        int i = 0;
        for (JsonNode e : array(root, "upserts", problems)) {
            String at = "upserts[" + i++ + "]";
            if (!e.isObject()) {
                problems.add(at + ": expected {personHash, list, masked, validUntil}");
                continue;
            }
            unknown(e, ENTRY, at + ".", problems);
            String hash = hash(e.get("personHash"), at + ".personHash", problems);
            String list = text(e.get("list"));
            if (list == null || !WhitelistEntry.LISTS.contains(list)) {
                problems.add(at + ".list: " + (list == null ? "is required" : Fields.describe(list) + " is not one of")
                        + (list == null ? " (one of " : " ") + String.join(", ", WhitelistEntry.LISTS) + (list == null ? ")" : ""));
            }
            String masked = text(e.get("masked"));
            if (e.hasNonNull("masked") && (masked == null || !PersonRef.isMasked(masked))) {
                problems.add(at + ".masked: must be masked as the agent masks it (4403**********1234: at most the first and last four "
                        + "characters shown, '*' between), got " + (masked == null ? "no text" : Fields.describe(masked)));
            }
            long validUntil = 0;
            JsonNode v = e.get("validUntil");
            if (v != null && !v.isNull()) {
                if (!v.isIntegralNumber() || v.asLong() < 0) {
                    problems.add(at + ".validUntil: must be epoch milliseconds (0 or left out: no end)");
                } else {
                    validUntil = v.asLong();
                }
            }
            if (hash != null && seen.putIfAbsent(hash, at) != null) {
                problems.add(at + ".personHash: the same person as " + seen.get(hash));
            }
            if (hash != null && list != null && WhitelistEntry.LISTS.contains(list)) {
                upserts.add(new WhitelistEntry(hash, list, masked, validUntil));
            }
        }
        List<String> removals = new ArrayList<>();
        i = 0;
        for (JsonNode r : array(root, "removals", problems)) {
            String at = "removals[" + i++ + "]";
            String hash = hash(r, at, problems);
            if (hash != null && seen.containsKey(hash)) {
                problems.add(at + ": the same person as " + seen.get(hash) + " (a change either keeps a person or removes them)");
            }
            if (hash != null) {
                removals.add(hash);
            }
        }
        if (problems.isEmpty() && upserts.isEmpty() && removals.isEmpty()) {
            problems.add("body: nothing to change (upserts and removals are empty)");
        }
        if (!problems.isEmpty()) {
            throw new InvalidBody(problems);
        }
        return new WhitelistChange(List.copyOf(upserts), List.copyOf(removals));
    }

    private static String hash(JsonNode n, String at, List<String> problems) {
        String h = text(n);
        if (h == null) {
            problems.add(at + ": is required: " + HASH_FORM);
            return null;
        }
        if (PersonRef.isHash(h)) {
            return h;
        }
        boolean raw = !PersonalData.scrub(h).clean() || h.strip().matches("[0-9]{15,17}[0-9Xx]");
        problems.add(at + (raw ? ": looks like a raw ID number, which must never reach the hub; send " : ": must be ") + HASH_FORM);
        return null;
    }

    private static Iterable<JsonNode> array(JsonNode root, String field, List<String> problems) {
        JsonNode a = root.get(field);
        if (a == null || a.isNull()) {
            return List.of();
        }
        if (!a.isArray()) {
            problems.add(field + ": expected an array");
            return List.of();
        }
        return a;
    }

    private static void unknown(JsonNode node, Set<String> known, String at, List<String> problems) {
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!known.contains(name)) {
                problems.add(at + Fields.safe(name) + ": not a field here (" + String.join(", ", known.stream().sorted().toList()) + ")");
            }
        }
    }

    private static String text(JsonNode n) {
        return n != null && n.isTextual() ? n.asText() : null;
    }
}
