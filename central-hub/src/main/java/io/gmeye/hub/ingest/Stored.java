package io.gmeye.hub.ingest;

import io.gmeye.protocols.envelope.Envelope;
import java.util.List;

/**
 * What one publish came to at the store.
 *
 * @param stored     envelopes newly written
 * @param duplicates envelopes already held (a replay): not written again
 */
public record Stored(List<Envelope<?>> stored, int duplicates, long receivedAt) {
}
