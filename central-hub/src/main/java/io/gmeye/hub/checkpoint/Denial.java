package io.gmeye.hub.checkpoint;

/** A pass the agent refused, as operators see it: masked person, never raw ID data. */
public record Denial(long at, String site, String checkpoint, String gate, String reason, String healthCode, String personMasked, String passId) {
}
