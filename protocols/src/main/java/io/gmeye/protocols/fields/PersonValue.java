package io.gmeye.protocols.fields;

/**
 * What a field of kind person becomes at the agent, the only form in which it leaves the site:
 * the salted hash that keys whitelists and records, and the masked form people read.
 */
public record PersonValue(String personHash, String masked) {
}
