package io.gmeye.agent.checkpoint;

/**
 * What the whitelist says about one person hash.
 *
 * @param list       white, yellow or red
 * @param validUntil epoch millis, 0 for no end
 */
public record Listing(String list, long validUntil, String masked) { // masked: null when served from the in-memory index
}
