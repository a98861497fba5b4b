package io.gmeye.protocols.config;

import io.gmeye.protocols.envelope.Require;
import java.util.List;

/**
 * A person on a list. Keyed by a salted hash: raw ID numbers never leave a site.
 *
 * @param personHash the salted hash of the person's ID number as the agent makes it ({@link io.gmeye.protocols.checkpoint.PersonRef#hash})
 * @param list       white (may pass), yellow or red (refused, and an alert raised)
 * @param masked     the masked form people read (4403**********1234), optional
 * @param validUntil epoch millis, 0 for no end
 */
public record WhitelistEntry(String personHash, String list, String masked, long validUntil) {
    /** The lists a gate knows. */
    public static final List<String> LISTS = List.of("white", "yellow", "red");

    public WhitelistEntry {
        Require.text(personHash, "personHash");
        Require.text(list, "list");
    }
}
