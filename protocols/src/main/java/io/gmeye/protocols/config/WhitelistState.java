package io.gmeye.protocols.config;

import io.gmeye.protocols.envelope.Body;

/**
 * The whitelist version an agent holds, sent when it changes and when the agent needs the
 * whole list again ({@code resync}: it saw a gap, a broken chunk sequence, or holds none).
 *
 * @param version the version held, -1 when none
 * @param reason  why a resync is asked for, else null
 */
public record WhitelistState(long version, long entries, boolean resync, String reason) implements Body {
}
