package org.hearthgate.relay.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.hearthgate.contract.ManualClock;
import org.junit.jupiter.api.Test;

class UsersTest {
    private final ManualClock clock = ManualClock.at("2026-11-22T08:00:00Z");
    private final Users users = new Users(clock);

    {
        users.addWithPassword("ops", Users.Role.RESPONDER, "correct horse battery".toCharArray());
    }

    @Test
    void theRightPasswordOpensASessionThatExpires() {
        var session = users.login("ops", "correct horse battery".toCharArray()).orElseThrow();
        assertThat(users.session(session.token())).isPresent();
        clock.advance(Duration.ofHours(12).plusSeconds(1));
        assertThat(users.session(session.token())).isEmpty();
    }

    @Test
    void wrongPasswordsAndUnknownNamesAreRefused() {
        assertThat(users.login("ops", "wrong".toCharArray())).isEmpty();
        assertThat(users.login("nobody", "correct horse battery".toCharArray())).isEmpty();
        assertThat(users.session("made-up-token")).isEmpty();
    }

    @Test
    void fiveFailuresLockTheNameForFiveMinutesEvenAgainstTheRightPassword() {
        for (int i = 0; i < 5; i++) {
            assertThat(users.login("ops", ("guess" + i).toCharArray())).isEmpty();
        }
        assertThat(users.login("ops", "correct horse battery".toCharArray())).as("locked").isEmpty();
        clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        assertThat(users.login("ops", "correct horse battery".toCharArray())).as("unlocked").isPresent();
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
