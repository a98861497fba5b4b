package io.gmeye.protocols.config;

import io.gmeye.protocols.envelope.Require;

/**
 * A person on a list. Keyed by a salted hash: raw ID numbers never leave a site.
 *
 * @param list       white, yellow or red
 * @param validUntil epoch millis, 0 for no end
 */
public record WhitelistEntry(String personHash, String list, String masked, long validUntil) {
    public WhitelistEntry {
        Require.text(personHash, "personHash");
        Require.text(list, "list");
    }
}
