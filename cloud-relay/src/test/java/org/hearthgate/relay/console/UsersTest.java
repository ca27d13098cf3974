package org.hearthgate.relay.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.TenantId;
import org.hearthgate.relay.access.SessionTokens;
import org.hearthgate.relay.access.Totp;
import org.hearthgate.relay.directory.Account;
import org.hearthgate.relay.directory.Role;
import org.junit.jupiter.api.Test;

class UsersTest {
    private static final TenantId TENANT = TenantId.of("acme");
    private static final String PASSWORD = "correct horse battery";
    private final ManualClock clock = ManualClock.at("2026-11-22T08:00:00Z");
    private final Users users = new Users(clock);

    {
        users.addWithPassword("ops", TENANT, Role.RESPONDER, PASSWORD.toCharArray());
    }

    @Test
    void theRightPasswordOpensASessionThatExpires() {
        var session = users.login("ops", PASSWORD.toCharArray()).orElseThrow();
        assertThat(session.tenant()).isEqualTo(TENANT);
        assertThat(users.session(session.token())).isPresent();
        clock.advance(Duration.ofHours(12).plusSeconds(1));
        assertThat(users.session(session.token())).isEmpty();
    }

    @Test
    void aSessionSurvivesARestartOfTheRelayAndWorksOnAnotherInstance() {
        byte[] sharedKey = SessionTokens.randomKey();
        SessionTokens.Revocations revoked = SessionTokens.inMemory();
        users.useTokens(new SessionTokens(sharedKey, revoked, clock));
        var session = users.login("ops", PASSWORD.toCharArray()).orElseThrow();

        Users other = new Users(clock);
        other.addWithPassword("ops", TENANT, Role.RESPONDER, PASSWORD.toCharArray());
        assertThat(other.session(session.token())).as("another key").isEmpty();
        other.useTokens(new SessionTokens(sharedKey, revoked, clock));
        assertThat(other.session(session.token())).as("the shared key").isPresent();

        other.signOut(other.session(session.token()).orElseThrow());
        assertThat(users.session(session.token())).as("signed out everywhere").isEmpty();
    }

    @Test
    void wrongPasswordsUnknownNamesAndForgedTokensAreRefused() {
        assertThat(users.login("ops", "wrong".toCharArray())).isEmpty();
        assertThat(users.login("nobody", PASSWORD.toCharArray())).isEmpty();
        assertThat(users.session("made-up-token")).isEmpty();
        String token = users.login("ops", PASSWORD.toCharArray()).orElseThrow().token();
        String[] parts = token.split("\\.");
        String forged = parts[0] + "." + parts[1].substring(0, parts[1].length() - 2) + "AA." + parts[2];
        assertThat(users.session(forged)).isEmpty();
        assertThat(users.session(token.substring(0, token.length() - 3) + "abc")).isEmpty();
    }

    @Test
    void aDisabledAccountLosesItsOpenSession() {
        var session = users.login("ops", PASSWORD.toCharArray()).orElseThrow();
        users.add(new Account("ops", TENANT, Role.RESPONDER, Users.hash(PASSWORD.toCharArray()), null, null, true));
        assertThat(users.session(session.token())).isEmpty();
    }

    @Test
    void fiveFailuresLockTheNameFromThatAddressOnly() {
        for (int i = 0; i < 5; i++) {
            assertThat(users.attempt("ops", ("guess" + i).toCharArray(), null, "203.0.113.9"))
                    .isInstanceOf(Users.Login.Wrong.class);
        }
        assertThat(users.attempt("ops", PASSWORD.toCharArray(), null, "203.0.113.9"))
                .as("locked from the guessing address").isInstanceOf(Users.Login.Locked.class);
        assertThat(users.attempt("ops", PASSWORD.toCharArray(), null, "10.0.0.5"))
                .as("the duty responder's own workstation").isInstanceOf(Users.Login.Ok.class);
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(users.attempt("ops", PASSWORD.toCharArray(), null, "203.0.113.9")).as("unlocked")
                .isInstanceOf(Users.Login.Ok.class);
    }

    @Test
    void anAddressGuessingManyNamesIsSlowedWhateverTheName() {
        for (int i = 0; i < 30; i++) {
            users.attempt("name" + i, "x".toCharArray(), null, "198.51.100.7");
        }
        assertThat(users.attempt("ops", PASSWORD.toCharArray(), null, "198.51.100.7"))
                .isInstanceOf(Users.Login.Locked.class);
        assertThat(users.attempt("ops", PASSWORD.toCharArray(), null, "10.0.0.5")).isInstanceOf(Users.Login.Ok.class);
    }

    @Test
    void aStaffAccountWithASecondFactorNeedsTheCodeFromItsApp() {
        String secret = Totp.newSecret();
        users.add(new Account("lead", TENANT, Role.ADMIN, Users.hash(PASSWORD.toCharArray()), secret, null, false));
        assertThat(users.attempt("lead", PASSWORD.toCharArray(), null, "a")).isInstanceOf(Users.Login.CodeRequired.class);
        assertThat(users.attempt("lead", PASSWORD.toCharArray(), "000000".equals(code(secret)) ? "111111" : "000000",
                "a")).isInstanceOf(Users.Login.Wrong.class);
        assertThat(users.attempt("lead", PASSWORD.toCharArray(), code(secret), "a")).isInstanceOf(Users.Login.Ok.class);
        assertThat(users.attempt("lead", "wrong".toCharArray(), code(secret), "a")).isInstanceOf(Users.Login.Wrong.class);
    }

    private String code(String secret) {
        return org.hearthgate.relay.access.TotpTest.codeAt(secret, clock.instant());
    }

    @Test
    void passwordsAreStoredAsSaltedHashes() {
        String a = Users.hash("same password".toCharArray());
        String b = Users.hash("same password".toCharArray());
        assertThat(a).startsWith("pbkdf2$310000$").isNotEqualTo(b).doesNotContain("same password");
        assertThat(Users.verify("same password".toCharArray(), a)).isTrue();
        assertThat(Users.verify("other".toCharArray(), a)).isFalse();
    }
}
