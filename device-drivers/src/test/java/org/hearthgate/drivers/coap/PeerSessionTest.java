package org.hearthgate.drivers.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class PeerSessionTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private final PeerSession session = new PeerSession();

    private static Instant at(long ms) {
        return T0.plusMillis(ms);
    }

    @Test
    void theFirstLinkToRegisterAfterAnOutageResetsTheSession() {
        session.heard(at(0));

        assertThat(session.claimReset(at(10_000), at(11_000))).isTrue();
    }

    @Test
    void aSecondLinkOfTheSameOutageLeavesTheRebuiltSessionAlone() {
        session.heard(at(0));
        session.claimReset(at(10_000), at(11_000));

        assertThat(session.claimReset(at(10_050), at(11_100))).isFalse();
    }

    @Test
    void aSessionThatAnotherLinkStillHearsOnIsNotReset() {
        session.heard(at(12_000));

        assertThat(session.claimReset(at(10_000), at(13_000))).as("resource ended, session fine").isFalse();
    }

    @Test
    void aLaterOutageMayResetAgain() {
        session.claimReset(at(10_000), at(11_000));
        session.heard(at(12_000));

        assertThat(session.claimReset(at(60_000), at(61_000))).isTrue();
    }
}
