package io.gmeye.agent.gb28181.sip;

import static org.assertj.core.api.Assertions.assertThat;

import io.gmeye.platform.time.ManualClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DigestAuthTest {
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final DigestAuth digest = new DigestAuth("4403110000", clock, 600_000);

    @Test
    void computesTheRfc2617ExampleResponse() {
        DigestAuth.Answer a = new DigestAuth.Answer("Mufasa", "testrealm@host.com", "dcd98b7102dd2f0e8b11d0f600bfb0c093",
                "/dir/index.html", null, "auth", "00000001", "0a4f113b");
        assertThat(DigestAuth.response("GET", a, "Circle Of Life")).isEqualTo("6629fae49393a05397450978507c4ef1");
    }

    @Test
    void acceptsTheRightPasswordWithAndWithoutQop() {
        String nonce = digest.newNonce();
        for (String qop : new String[] {"auth", null}) {
            DigestAuth.Answer a = answer(nonce, qop, "secret");
            assertThat(digest.check("REGISTER", a, "secret")).isEqualTo(DigestAuth.Verdict.OK);
        }
    }

    @Test
    void refusesAWrongPasswordAndAnotherRealm() {
        String nonce = digest.newNonce();
        assertThat(digest.check("REGISTER", answer(nonce, "auth", "guess"), "secret")).isEqualTo(DigestAuth.Verdict.WRONG);
        DigestAuth.Answer otherRealm = new DigestAuth.Answer("34020000001320000001", "3402000000", nonce, "sip:x@y", "00", null, null, null);
        assertThat(digest.check("REGISTER", otherRealm, "secret")).isEqualTo(DigestAuth.Verdict.WRONG);
    }

    @Test
    void aRightAnswerToAnOldOrForgedNonceIsStale() {
        String nonce = digest.newNonce();
        clock.advance(Duration.ofMinutes(11));
        assertThat(digest.check("REGISTER", answer(nonce, "auth", "secret"), "secret")).isEqualTo(DigestAuth.Verdict.STALE);
        String forged = "0".repeat(80);
        assertThat(digest.check("REGISTER", answer(forged, "auth", "secret"), "secret")).isEqualTo(DigestAuth.Verdict.STALE);
    }

    private static DigestAuth.Answer answer(String nonce, String qop, String password) {
        DigestAuth.Answer unsigned = new DigestAuth.Answer("34020000001320000001", "4403110000", nonce, "sip:44031100002000000001@4403110000",
                null, qop, qop == null ? null : "00000001", qop == null ? null : "abc123");
        String response = DigestAuth.response("REGISTER", unsigned, password);
        return new DigestAuth.Answer(unsigned.username(), unsigned.realm(), nonce, unsigned.uri(), response.toUpperCase(), qop, unsigned.nc(),
                unsigned.cnonce());
    }
}
