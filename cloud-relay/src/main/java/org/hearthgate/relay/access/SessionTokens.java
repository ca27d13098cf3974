package org.hearthgate.relay.access;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.SecureRandom;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import java.util.UUID;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.directory.Role;

/**
 * Signed session tokens (JWT, HS256, through nimbus-jose-jwt). A token carries who signed in, their tenant and role,
 * and when it ends, so a relay restart or another relay instance behind the same load balancer accepts it without a
 * shared session table; every instance takes the signing key from the shared database ({@link Secrets}). Sign-out
 * revokes a token by its id until it would have expired.
 */
public final class SessionTokens {
    private static final String ISSUER = "hearthgate-relay";

    /** What a valid token says. */
    public record Claims(String login, TenantId tenant, Role role, Instant expires, String id) {
    }

    /** Revoked token ids, shared by all instances (the store), or in memory for a single process. */
    public interface Revocations {
        void revoke(String id, Instant expires);

        boolean isRevoked(String id);
    }

    private final byte[] key;
    private final Revocations revocations;
    private final Clock clock;
    private final MACSigner signer;
    private final MACVerifier verifier;

    public SessionTokens(byte[] key, Revocations revocations, Clock clock) {
        if (key.length < 32) {
            throw new IllegalArgumentException("a session signing key needs at least 256 bits");
        }
        this.key = key.clone();
        this.revocations = revocations;
        this.clock = clock;
        try {
            this.signer = new MACSigner(this.key);
            this.verifier = new MACVerifier(this.key);
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A fresh random key, for a process that keeps its sessions to itself (tests, a one-off tool). */
    public static byte[] randomKey() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return k;
    }

    public static byte[] decodeKey(String base64) {
        return Base64.getDecoder().decode(base64);
    }

    public String issue(String login, TenantId tenant, Role role, Duration lifetime) {
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder().issuer(ISSUER).subject(login).jwtID(UUID.randomUUID().toString())
                .claim("tenant", tenant.value()).claim("role", role.name()).issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime))).build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a session token", e);
        }
        return jwt.serialize();
    }

    /** The claims of a token this relay (or a sibling) signed, unexpired and not revoked; empty otherwise. */
    public Optional<Claims> verify(String token) {
        if (token == null || token.isEmpty() || token.length() > 4096) {
            return Optional.empty();
        }
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            if (!JWSAlgorithm.HS256.equals(jwt.getHeader().getAlgorithm()) || !jwt.verify(verifier)) {
                return Optional.empty();
            }
            JWTClaimsSet c = jwt.getJWTClaimsSet();
            Date exp = c.getExpirationTime();
            if (!ISSUER.equals(c.getIssuer()) || exp == null || !clock.instant().isBefore(exp.toInstant())
                    || c.getJWTID() == null || revocations.isRevoked(c.getJWTID())) {
                return Optional.empty();
            }
            return Optional.of(new Claims(c.getSubject(), TenantId.of(c.getStringClaim("tenant")),
                    Role.valueOf(c.getStringClaim("role")), exp.toInstant(), c.getJWTID()));
        } catch (ParseException | JOSEException | IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    public void revoke(Claims claims) {
        revocations.revoke(claims.id(), claims.expires());
    }

    /** Revocations kept in this process only. */
    public static Revocations inMemory() {
        java.util.Map<String, Instant> revoked = new java.util.concurrent.ConcurrentHashMap<>();
        return new Revocations() {
            @Override
            public void revoke(String id, Instant expires) {
                revoked.put(id, expires);
            }

            @Override
            public boolean isRevoked(String id) {
                return revoked.containsKey(id);
            }
        };
    }
}
