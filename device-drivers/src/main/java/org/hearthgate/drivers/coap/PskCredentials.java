package org.hearthgate.drivers.coap;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import org.hearthgate.contract.Require;

/**
 * A DTLS pre-shared key: the identity the hub presents and the secret both sides hold. The secret never appears in
 * {@link #toString()}, logs or exceptions.
 */
public final class PskCredentials {
    /** 128 bits: the key length of the PSK cipher suites RFC 7925 mandates for constrained devices. */
    static final int MIN_SECRET_BYTES = 16;

    private final String identity;
    private final byte[] secret;

    public PskCredentials(String identity, byte[] secret) {
        Require.text(identity, 128, "psk.identity");
        if (identity.isBlank()) {
            throw new IllegalArgumentException("psk.identity: is blank");
        }
        Require.present(secret, "psk.secret");
        if (secret.length < MIN_SECRET_BYTES) {
            throw new IllegalArgumentException("psk.secret: shorter than " + MIN_SECRET_BYTES + " bytes");
        }
        this.identity = identity;
        this.secret = secret.clone();
    }

    /** Credentials with the secret given as hex, the way sensor vendors usually print it. */
    public static PskCredentials ofHex(String identity, String hexSecret) {
        Require.present(hexSecret, "psk.secret");
        try {
            return new PskCredentials(identity, HexFormat.of().parseHex(hexSecret.strip()));
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("psk.")) {
                throw e;
            }
            throw new IllegalArgumentException("psk.secret: is not hex", null);
        }
    }

    public String identity() {
        return identity;
    }

    /** A copy of the secret. */
    public byte[] secret() {
        return secret.clone();
    }

    byte[] identityBytes() {
        return identity.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PskCredentials p && identity.equals(p.identity) && Arrays.equals(secret, p.secret);
    }

    @Override
    public int hashCode() {
        return 31 * identity.hashCode() + Arrays.hashCode(secret);
    }

    @Override
    public String toString() {
        return "PskCredentials[identity=" + identity + ", secret=***]";
    }
}
