package io.gmeye.protocols.codec;

import java.util.List;

/**
 * What a batch publish held: the envelopes that passed, and each refused one with its position,
 * its id where readable, and the reason. One bad record does not poison the rest.
 */
public record BatchResult(List<Decoded> accepted, List<Rejected> rejected) {
    public record Rejected(int index, String id, String reason) {
    }

    public BatchResult {
        accepted = List.copyOf(accepted);
        rejected = List.copyOf(rejected);
    }
}
