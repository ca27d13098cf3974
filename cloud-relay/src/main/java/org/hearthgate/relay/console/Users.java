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
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.access.SessionTokens;
import org.hearthgate.relay.access.Totp;
import org.hearthgate.relay.directory.Account;
import org.hearthgate.relay.directory.CareDirectory;
import org.hearthgate.relay.directory.Role;

/**
 * Console sign-in. Accounts come from cloud.yaml and from the care directory; passwords are PBKDF2-HMAC-SHA256
 * hashes (310 000 iterations, OWASP 2023) compared in constant time; an account with a TOTP secret also needs the
 * code from its authenticator app. A session is a signed token ({@link SessionTokens}) that lasts 12 hours and
 * survives a relay restart.
 *
 * <p>Guessing is slowed without letting a stranger lock the duty responder out: after 5 wrong passwords a name is
 * refused <b>from that client address</b> for 5 minutes, and an address that fails 30 times in 5 minutes (whatever
 * the names) is refused for the rest of that window. The responder's own workstation is unaffected by either.
 */
public final class Users {
    private static final int ITERATIONS = 310_000;
    private static final Duration SESSION = Duration.ofHours(12);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final int MAX_FAILURES = 5;
    private static final int MAX_CLIENT_FAILURES = 30;
    private static final Duration LOCKOUT = Duration.ofMinutes(5);
    /** How long a directory account's state (disabled, role) may be stale for an open session. */
    private static final Duration ACCOUNT_CACHE = Duration.ofSeconds(10);

    public record Session(String token, String user, TenantId tenant, Role role, Instant expires, String id) {
    }

    /** What a sign-in attempt came to. */
    public sealed interface Login {
        record Ok(Session session) implements Login {
        }

        record Wrong() implements Login {
        }

        /** Password right, but the account has a second factor and no (or a wrong) code came with it. */
        record CodeRequired() implements Login {
        }

        record Locked(Duration remaining) implements Login {
        }
    }

    private record Failures(int count, Instant last) {
    }

    private record Cached(Optional<Account> account, Instant at) {
    }

    private final Map<String, Account> configured = new ConcurrentHashMap<>();
    private final Map<String, Failures> failures = new ConcurrentHashMap<>();
    private final Map<String, Cached> accounts = new ConcurrentHashMap<>();
    private final Clock clock;
    private volatile SessionTokens tokens;
    private volatile CareDirectory directory;

    /** Sessions signed with a key of this process only (tests, tools); a relay calls {@link #useTokens}. */
    public Users(Clock clock) {
        this.clock = clock;
        this.tokens = new SessionTokens(SessionTokens.randomKey(), SessionTokens.inMemory(), clock);
    }

    /** Sign sessions with the key all relay instances share. */
    public void useTokens(SessionTokens shared) {
        this.tokens = shared;
    }

    /** Accounts from the care directory, besides those from cloud.yaml. */
    public void useDirectory(CareDirectory careDirectory) {
        this.directory = careDirectory;
    }

    public void add(String name, TenantId tenant, Role role, String hash) {
        configured.put(name, new Account(name, tenant, role, hash, null, null, false));
    }

    public void add(Account account) {
        configured.put(account.login(), account);
    }

    public void addWithPassword(String name, TenantId tenant, Role role, char[] password) {
        add(name, tenant, role, hash(password));
    }

    public Optional<Session> login(String name, char[] password) {
        return attempt(name, password, null, "local") instanceof Login.Ok ok ? Optional.of(ok.session())
                : Optional.empty();
    }

    /** One sign-in from {@code client} (its address); {@code code} is the TOTP code, if the account has one. */
    public Login attempt(String name, char[] password, String code, String client) {
        Instant now = clock.instant();
        String key = name + "\u0000" + client;
        Optional<Duration> locked = lockedFor(key, MAX_FAILURES, now).or(() -> lockedFor(client, MAX_CLIENT_FAILURES,
                now));
        if (locked.isPresent()) {
            return new Login.Locked(locked.get());
        }
        Optional<Account> found = account(name, true);
        Account a = found.filter(acc -> !acc.disabled()).orElse(null);
        // Hash even for unknown users so timing does not reveal which names exist.
        boolean ok = verify(password, a == null ? DUMMY : a.passwordHash()) && a != null;
        if (ok && a.totpSecret() != null && !a.totpSecret().isBlank()) {
            if (code == null || code.isBlank()) {
                return new Login.CodeRequired();
            }
            ok = Totp.verify(a.totpSecret(), code.trim(), now);
        }
        if (!ok) {
            fail(key, now);
            fail(client, now);
            return new Login.Wrong();
        }
        failures.remove(key);
        String token = tokens.issue(a.login(), a.tenant(), a.role(), SESSION);
        return new Login.Ok(session(token).orElseThrow());
    }

    private Optional<Duration> lockedFor(String key, int max, Instant now) {
        Failures f = failures.get(key);
        if (f != null && f.count() >= max && now.isBefore(f.last().plus(LOCKOUT))) {
            return Optional.of(Duration.between(now, f.last().plus(LOCKOUT)));
        }
        return Optional.empty();
    }

    private void fail(String key, Instant now) {
        failures.merge(key, new Failures(1, now), (old, one) -> new Failures(
                now.isAfter(old.last().plus(LOCKOUT)) ? 1 : old.count() + 1, now));
        if (failures.size() > 10_000) {
            failures.clear(); // bounded memory under a flood of invented names
        }
    }

    /** The session a token stands for: signed by us, unexpired, not signed out, its account still enabled. */
    public Optional<Session> session(String token) {
        return tokens.verify(token).flatMap(c -> account(c.login(), false)
                .filter(a -> !a.disabled() && a.role() == c.role() && a.tenant().equals(c.tenant()))
                .map(a -> new Session(token, c.login(), c.tenant(), c.role(), c.expires(), c.id())));
    }

    public void signOut(Session s) {
        tokens.verify(s.token()).ifPresent(tokens::revoke);
    }

    private Optional<Account> account(String login, boolean fresh) {
        Account a = configured.get(login);
        CareDirectory d = directory;
        if (a != null || d == null) {
            return Optional.ofNullable(a);
        }
        Instant now = clock.instant();
        Cached c = accounts.get(login);
        if (fresh || c == null || now.isAfter(c.at().plus(ACCOUNT_CACHE))) {
            c = new Cached(d.account(login), now);
            if (accounts.size() > 10_000) {
                accounts.clear();
            }
            accounts.put(login, c);
        }
        return c.account();
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
        String[] parts = stored == null ? new String[0] : stored.split("\\$");
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
