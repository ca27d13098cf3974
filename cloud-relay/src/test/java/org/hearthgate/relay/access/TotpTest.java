package org.hearthgate.relay.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

public class TotpTest {
    /** The code an authenticator app shows at {@code at}. */
    public static String codeAt(String secret, Instant at) {
        return Totp.code(Totp.base32Decode(secret), at.getEpochSecond() / 30, 6);
    }

    /** RFC 6238 appendix B, SHA-1, seed "12345678901234567890", 8 digits. */
    @ParameterizedTest
    @CsvSource({"59, 94287082", "1111111109, 07081804", "1111111111, 14050471", "1234567890, 89005924",
        "2000000000, 69279037", "20000000000, 65353130"})
    void matchesTheRfcTestVectors(long seconds, String expected) {
        byte[] seed = "12345678901234567890".getBytes(StandardCharsets.US_ASCII);
        assertThat(Totp.code(seed, seconds / 30, 8)).isEqualTo(expected);
    }

    @Test
    void acceptsOneStepOfClockDriftEitherSideAndNoMore() {
        String secret = Totp.newSecret();
        Instant now = Instant.parse("2026-12-02T08:00:10Z");
        assertThat(Totp.verify(secret, codeAt(secret, now), now)).isTrue();
        assertThat(Totp.verify(secret, codeAt(secret, now.minusSeconds(30)), now)).isTrue();
        assertThat(Totp.verify(secret, codeAt(secret, now.plusSeconds(30)), now)).isTrue();
        assertThat(Totp.verify(secret, codeAt(secret, now.minusSeconds(90)), now)).isFalse();
        assertThat(Totp.verify(secret, "12345", now)).isFalse();
        assertThat(Totp.verify(secret, null, now)).isFalse();
    }

    @RepeatedTest(20)
    void base32RoundTrips() {
        long seed = System.nanoTime();
        Random r = new Random(seed);
        byte[] data = new byte[r.nextInt(40)];
        r.nextBytes(data);
        assertThat(Totp.base32Decode(Totp.base32(data))).as("seed " + seed).isEqualTo(data);
    }
}
