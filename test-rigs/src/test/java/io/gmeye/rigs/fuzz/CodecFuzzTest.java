package io.gmeye.rigs.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A sample of the codec fuzz (the bench runs a million): every mutated input decodes or is refused with a reason. */
class CodecFuzzTest {
    @Test
    void everyMutatedPayloadDecodesOrIsRefusedWithAReason() {
        FuzzReport r = new CodecFuzz().run(7L, 20_000);
        System.out.println("codec fuzz: " + r);
        assertThat(r.findingSamples()).isEmpty();
        assertThat(r.count("accepted")).as("some mutations stay valid").isPositive();
        assertThat(r.count("refused_bad_request")).as("most are refused").isGreaterThan(r.inputs() / 3);
    }

    @Test
    void theSameSeedGivesTheSameInputs() {
        Mutator a = new Mutator(42, 1000);
        Mutator b = new Mutator(42, 1000);
        byte[] valid = "{\"v\":1,\"body\":{\"x\":1}}".getBytes();
        for (int i = 0; i < 100; i++) {
            assertThat(a.mutate(valid).bytes()).isEqualTo(b.mutate(valid).bytes());
        }
    }
}
