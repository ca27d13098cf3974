package org.hearthgate.relay.notify;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature on our webhooks, for the sender and for receivers (alarm receiving centre bridges, our tests).
 * Headers: {@code X-Hearthgate-Timestamp} (Unix seconds) and {@code X-Hearthgate-Signature: v1=<hex>}, where hex is
 * HMAC-SHA256(secret, timestamp + "." + body) over the exact body bytes. The timestamp inside the signed text plus a
 * replay window stops an old request being played again later; during a secret rotation the header may carry
 * several {@code v1=} values separated by commas, and one match is enough.
 */
public final class WebhookSignature {
    public static final String TIMESTAMP_HEADER = "X-Hearthgate-Timestamp";
    public static final String SIGNATURE_HEADER = "X-Hearthgate-Signature";
    public static final String IDEMPOTENCY_HEADER = "X-Hearthgate-Idempotency-Key";
    public static final Duration DEFAULT_WINDOW = Duration.ofMinutes(5);

    /** What a receiver learns from checking a request. */
    public enum Verdict {
        VALID,
        /** Missing, malformed or not made with this secret over this timestamp and body. */
        BAD_SIGNATURE,
        /** Made with the secret, but its timestamp is outside the replay window (or not a number). */
        OUTSIDE_WINDOW;

        public boolean isValid() {
            return this == VALID;
        }
    }

    private WebhookSignature() {
    }

    /** The header value {@code v1=<hex>} for {@code body} sent at {@code epochSeconds}. */
    public static String sign(String secret, long epochSeconds, String body) {
        return "v1=" + HexFormat.of().formatHex(hmac(secret, epochSeconds + "." + body));
    }

    /**
     * Checks a received webhook: {@code timestamp} and {@code signature} are the header values as received,
     * {@code body} the raw body. The signature is compared in constant time, before the timestamp is judged, so a
     * forger learns nothing from the answer.
     */
    public static Verdict verify(String secret, String timestamp, String body, String signature, Instant now,
            Duration window) {
        if (secret == null || secret.isEmpty() || timestamp == null || body == null || signature == null) {
            return Verdict.BAD_SIGNATURE;
        }
        byte[] expected = hmac(secret, timestamp + "." + body);
        boolean matched = false;
        for (String part : signature.split(",")) {
            String p = part.trim();
            if (p.startsWith("v1=")) {
                byte[] given;
                try {
                    given = HexFormat.of().parseHex(p.substring(3));
                } catch (IllegalArgumentException e) {
                    continue;
                }
                matched |= MessageDigest.isEqual(expected, given);
            }
        }
        if (!matched) {
            return Verdict.BAD_SIGNATURE;
        }
        if (!timestamp.matches("\\d{1,12}")) {
            return Verdict.OUTSIDE_WINDOW;
        }
        Duration age = Duration.between(Instant.ofEpochSecond(Long.parseLong(timestamp)), now).abs();
        return age.compareTo(window) <= 0 ? Verdict.VALID : Verdict.OUTSIDE_WINDOW;
    }

    private static byte[] hmac(String secret, String text) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }
}
