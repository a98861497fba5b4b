package io.gmeye.protocols.config;

import io.gmeye.protocols.envelope.Body;
import io.gmeye.protocols.envelope.Require;
import java.util.List;

/**
 * Changes that take a whitelist from {@code fromVersion} to {@code toVersion}; a {@code full}
 * delta replaces everything the agent holds. An agent that holds another version than
 * {@code fromVersion} asks for a full resync instead of applying it.
 *
 * <p>A full list of a million people does not fit one message, so a full delta may come in
 * {@code chunks} parts numbered from 0 ({@code chunk}); the agent stages the parts and switches
 * to the new version only with the last one, so it never holds a mix.
 */
public record WhitelistDelta(long fromVersion, long toVersion, boolean full, List<WhitelistEntry> upserts, List<String> removals,
                             int chunk, int chunks)
        implements Body {
    public WhitelistDelta {
        upserts = Require.list(upserts);
        removals = Require.list(removals);
        if (toVersion < fromVersion) {
            throw new IllegalArgumentException("toVersion: " + toVersion + " is behind fromVersion " + fromVersion);
        }
        chunks = Math.max(1, chunks);
        if (chunk < 0 || chunk >= chunks) {
            throw new IllegalArgumentException("chunk: " + chunk + " is not within 0.." + (chunks - 1));
        }
        if (!full && chunks > 1) {
            throw new IllegalArgumentException("chunks: only a full delta comes in parts");
        }
    }

    /** A delta in one part. */
    public WhitelistDelta(long fromVersion, long toVersion, boolean full, List<WhitelistEntry> upserts, List<String> removals) {
        this(fromVersion, toVersion, full, upserts, removals, 0, 1);
    }

    public boolean lastChunk() {
        return chunk == chunks - 1;
    }
}
