package org.hearthgate.relay.console;

import java.security.SecureRandom;
import java.security.spec.KeySpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;

/**
 * Console accounts and sessions. Passwords are stored as PBKDF2-HMAC-SHA256 hashes (310 000 iterations, OWASP 2023)
 * and compared in constant time; a session is a random 256-bit bearer token that expires after 12 hours. After 5
 * failed sign-ins a name is locked for 5 minutes <b>from that client address</b>, so a password cannot be guessed at
 * the console's speed, and a stranger elsewhere cannot lock the duty responder out of the monitoring centre.
 */
public final class Users {
    private static final int ITERATIONS = 310_000;
    private static final Duration SESSION = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();

    public enum Role { RESPONDER, FAMILY, CLINICIAN, ADMIN }

    public record User(String name, Role role, String hash) {
    }

    public record Session(String token, String user, Role role, Instant expires) {
    }

    /** What a sign-in attempt came to. */
    public sealed interface Login {
        record Ok(Session session) implements Login {
        }

        record Wrong() implements Login {
        }

        record Locked(Duration remaining) implements Login {
        }
    }

    private final Map<String, User> users = new ConcurrentHashMap<>();
    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private static final int MAX_FAILURES = 5;
    private static final Duration LOCKOUT = Duration.ofMinutes(5);

    private record Failures(int count, Instant last) {
    }
    private final Clock clock;

    public Users(Clock clock) {
        this.clock = clock;
    }

    public void add(String name, Role role, String hash) {
        users.put(name, new User(name, role, hash));
    }

    public void addWithPassword(String name, Role role, char[] password) {
        add(name, role, hash(password));
    }

    public Optional<Session> login(String name, char[] password) {
        return attempt(name, password, "local") instanceof Login.Ok ok ? Optional.of(ok.session()) : Optional.empty();
    }

    /** One sign-in from {@code client} (its address); lockout counts per name and address. */
    public Login attempt(String name, char[] password, String client) {
        Instant now = clock.instant();
        String key = name + "\u0000" + client;
        Failures f = failures.get(key);
        if (f != null && f.count() >= MAX_FAILURES && now.isBefore(f.last().plus(LOCKOUT))) {
            return new Login.Locked(Duration.between(now, f.last().plus(LOCKOUT)));
        }
        User u = users.get(name);
        // Hash even for unknown users so timing does not reveal which names exist.
        boolean ok = verify(password, u == null ? DUMMY : u.hash()) && u != null;
        if (!ok) {
            failures.merge(key, new Failures(1, now), (old, one) -> new Failures(
                    now.isAfter(old.last().plus(LOCKOUT)) ? 1 : old.count() + 1, now));
            if (failures.size() > 10_000) {
                failures.clear(); // bounded memory under a flood of invented names
            }
            return new Login.Wrong();
        }
        failures.remove(key);
        byte[] raw = new byte[32];
        RANDOM.nextBytes(raw);
        Session s = new Session(Base64.getUrlEncoder().withoutPadding().encodeToString(raw), u.name(), u.role(),
                clock.instant().plus(SESSION));
        sessions.put(s.token(), s);
        return new Login.Ok(s);
    }

    public Optional<Session> session(String token) {
        if (token == null) {
            return Optional.empty();
        }
        Session s = sessions.get(token);
        if (s == null || clock.instant().isAfter(s.expires())) {
            sessions.remove(token);
            return Optional.empty();
        }
        return Optional.of(s);
    }

    private static final String DUMMY = hash("not-a-password".toCharArray());

    /** {@code pbkdf2$iterations$salt$hash}, all Base64. */
    public static String hash(char[] password) {
        byte[] salt = new byte[16];
        RANDOM.nextBytes(salt);
        return "pbkdf2$" + ITERATIONS + "$" + Base64.getEncoder().encodeToString(salt) + "$"
                + Base64.getEncoder().encodeToString(derive(password, salt, ITERATIONS));
    }

    static boolean verify(char[] password, String stored) {
        String[] parts = stored.split("\\$");
        if (parts.length != 4 || !"pbkdf2".equals(parts[0])) {
            return false;
        }
        byte[] expected = Base64.getDecoder().decode(parts[3]);
        byte[] actual = derive(password, Base64.getDecoder().decode(parts[2]), Integer.parseInt(parts[1]));
        return java.security.MessageDigest.isEqual(expected, actual);
    }

    private static byte[] derive(char[] password, byte[] salt, int iterations) {
        try {
            KeySpec spec = new PBEKeySpec(password, salt, iterations, 256);
            return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("PBKDF2 unavailable", e);
        }
    }
}
