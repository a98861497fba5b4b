package io.gmeye.rigs.fuzz;

import io.gmeye.protocols.codec.BatchResult;
import io.gmeye.protocols.codec.EnvelopeCodec;
import io.gmeye.protocols.codec.WireException;
import io.gmeye.protocols.envelope.MessageType;
import io.gmeye.rigs.wire.Samples;
import java.util.List;

/**
 * Fuzzes the wire codec in-process, at the rate a CPU allows: every mutated input must decode or
 * be refused with a {@link WireException} that carries a reason. Anything else (a
 * NullPointerException, a StackOverflowError, an empty reason) is a finding: the hub would answer
 * it with an internal error instead of telling the sender what is wrong.
 */
public final class CodecFuzz {
    private final EnvelopeCodec codec = new EnvelopeCodec();
    private final List<MessageType> types = Samples.upTypes().stream().filter(t -> !t.binary()).toList();

    public FuzzReport run(long seed, int inputs) {
        FuzzReport report = new FuzzReport();
        Mutator mutator = new Mutator(seed, EnvelopeCodec.DEFAULT_MAX_BYTES);
        for (int i = 0; i < inputs; i++) {
            MessageType type = types.get(i % types.size());
            boolean batch = i % 7 == 0;
            byte[] valid = batch ? EnvelopeCodec.joinBatch(List.of(codec.encode(Samples.envelope("site-a", type, i)),
                    codec.encode(Samples.envelope("site-a", types.get((i + 1) % types.size()), i)))) : codec.encode(Samples.envelope("site-a", type, i));
            Mutator.Mutation m = mutator.mutate(valid);
            try {
                if (batch) {
                    BatchResult r = codec.decodeBatch(m.bytes());
                    r.rejected().forEach(x -> {
                        if (x.reason() == null || x.reason().isBlank()) {
                            report.finding("batch record refused without a reason: " + m.kind());
                        }
                    });
                    report.outcome(r.rejected().isEmpty() ? "accepted" : "batch_partly_refused");
                } else {
                    codec.decode(m.bytes(), type);
                    report.outcome("accepted");
                }
            } catch (WireException e) {
                if (e.getMessage() == null || e.getMessage().isBlank()) {
                    report.finding("refused without a reason: " + m.kind() + " seed " + seed + " #" + i);
                }
                report.outcome("refused_" + e.kind().name().toLowerCase());
            } catch (Throwable t) {
                report.outcome("crash");
                report.finding(m.kind() + " seed " + seed + " #" + i + " (" + type.wire() + "): " + t);
            }
        }
        return report;
    }
}
