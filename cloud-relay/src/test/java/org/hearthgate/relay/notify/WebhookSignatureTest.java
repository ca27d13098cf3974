package org.hearthgate.relay.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Random;
import org.hearthgate.relay.notify.WebhookSignature.Verdict;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.RepetitionInfo;
import org.junit.jupiter.api.Test;

class WebhookSignatureTest {
    private static final String SECRET = "s3cret-0123456789abcdef-0123456789ab";
    private static final Instant NOW = Instant.ofEpochSecond(1_796_000_000L);
    private static final Duration WINDOW = WebhookSignature.DEFAULT_WINDOW;

    @Test
    void matchesAnHmacComputedByAnotherImplementation() {
        // printf '%s' '1796000000.{"alarm":"al-1"}' | openssl dgst -sha256 -hmac key
        assertThat(WebhookSignature.sign("key", 1_796_000_000L, "{\"alarm\":\"al-1\"}"))
                .isEqualTo("v1=9ab0a07a53be4c9e8ba993183b942400ae9a125911efc5544761a4131c22b6b8");
    }

    @Test
    void acceptsItsOwnSignatureInsideTheWindowOnEitherSide() {
        String ts = Long.toString(NOW.getEpochSecond());
        String sig = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), "{\"a\":1}");

        assertThat(WebhookSignature.verify(SECRET, ts, "{\"a\":1}", sig, NOW.plus(WINDOW), WINDOW))
                .isEqualTo(Verdict.VALID);
        assertThat(WebhookSignature.verify(SECRET, ts, "{\"a\":1}", sig, NOW.minus(WINDOW), WINDOW))
                .isEqualTo(Verdict.VALID);
        assertThat(WebhookSignature.verify(SECRET, ts, "{\"a\":1}", sig, NOW.plus(WINDOW).plusSeconds(1), WINDOW))
                .isEqualTo(Verdict.OUTSIDE_WINDOW);
    }

    @Test
    void rejectsAnotherSecretATimestampMovedAndGarbage() {
        String body = "{\"a\":1}";
        String ts = Long.toString(NOW.getEpochSecond());
        String sig = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), body);

        assertThat(WebhookSignature.verify("another-secret-0123456789abcdef012", ts, body, sig, NOW, WINDOW))
                .isEqualTo(Verdict.BAD_SIGNATURE);
        // moving the timestamp into the window breaks the signature: it is signed
        assertThat(WebhookSignature.verify(SECRET, Long.toString(NOW.getEpochSecond() + 1), body, sig, NOW, WINDOW))
                .isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(WebhookSignature.verify(SECRET, ts, body, "v1=zz", NOW, WINDOW)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(WebhookSignature.verify(SECRET, ts, body, sig.substring(3), NOW, WINDOW))
                .isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(WebhookSignature.verify(SECRET, ts, body, null, NOW, WINDOW)).isEqualTo(Verdict.BAD_SIGNATURE);
        assertThat(WebhookSignature.verify("", ts, body, sig, NOW, WINDOW)).isEqualTo(Verdict.BAD_SIGNATURE);
    }

    @Test
    void duringARotationOneMatchingValueIsEnough() {
        String ts = Long.toString(NOW.getEpochSecond());
        String sig = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), "x");
        String old = WebhookSignature.sign("old-secret-0123456789abcdef-012345", NOW.getEpochSecond(), "x");

        assertThat(WebhookSignature.verify(SECRET, ts, "x", old + ", " + sig, NOW, WINDOW)).isEqualTo(Verdict.VALID);
    }

    @RepeatedTest(50)
    void anySingleCharacterChangeToTheBodyIsRejected(RepetitionInfo rep) {
        var random = new Random(20261202L + rep.getCurrentRepetition());
        var body = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(200); i < n; i++) {
            body.append((char) (' ' + random.nextInt(95)));
        }
        String ts = Long.toString(NOW.getEpochSecond());
        String sig = WebhookSignature.sign(SECRET, NOW.getEpochSecond(), body.toString());
        int at = random.nextInt(body.length());
        var changed = new StringBuilder(body);
        changed.setCharAt(at, (char) (' ' + (body.charAt(at) - ' ' + 1 + random.nextInt(94)) % 95));

        assertThat(WebhookSignature.verify(SECRET, ts, body.toString(), sig, NOW, WINDOW)).isEqualTo(Verdict.VALID);
        assertThat(WebhookSignature.verify(SECRET, ts, changed.toString(), sig, NOW, WINDOW))
                .as("seed %d", 20261202L + rep.getCurrentRepetition()).isEqualTo(Verdict.BAD_SIGNATURE);
    }
}
