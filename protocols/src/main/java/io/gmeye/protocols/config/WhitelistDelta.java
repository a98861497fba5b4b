package io.gmeye.protocols.config;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;
import java.util.List;

/**
 * Changes that take a whitelist from {@code fromVersion} to {@code toVersion}; a {@code full}
 * delta replaces everything the agent holds. An agent that holds another version than
 * {@code fromVersion} asks for a full resync instead of applying it.
 */
public record WhitelistDelta(long fromVersion, long toVersion, boolean full, List<WhitelistEntry> upserts, List<String> removals)
        implements Body {
    public WhitelistDelta {
        upserts = Require.list(upserts);
        removals = Require.list(removals);
        if (toVersion < fromVersion) {
            throw new IllegalArgumentException("toVersion: " + toVersion + " is behind fromVersion " + fromVersion);
        }
    }
}
