package org.hearthgate.drivers.coap;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.time.Instant;
import org.hearthgate.drivers.coap.RelationWatch.State;
import org.junit.jupiter.api.Test;

class RelationWatchTest {
    private static final Instant T0 = Instant.parse("2026-11-22T08:00:00Z");
    private static final CoapSettings SETTINGS = new CoapSettings(Duration.ofSeconds(10), Duration.ofSeconds(15),
            Duration.ofSeconds(1), Duration.ofSeconds(60), Duration.ofHours(1), Duration.ofSeconds(1),
            InetAddress.getLoopbackAddress());

    private final RelationWatch watch = new RelationWatch(SETTINGS, T0);

    private static Instant at(long ms) {
        return T0.plusMillis(ms);
    }

    private void observingAt(long ms, long maxAge) {
        watch.registering(at(ms));
        watch.heard(at(ms), maxAge, true);
    }

    @Test
    void aNewWatchRegistersAtOnce() {
        assertThat(watch.dueToRegister(T0)).isTrue();
    }

    @Test
    void aRelationIsLostOnlyAfterMaxAgePlusGraceOfSilence() {
        observingAt(0, 60);

        assertThat(watch.overdue(at(70_000))).as("exactly 60 s + 10 s").isEmpty();
        assertThat(watch.overdue(at(70_001))).hasValue("no notification for 70 s");
    }

    @Test
    void eachNotificationMovesTheDeadlineAndItsMaxAgeCounts() {
        observingAt(0, 60);
        watch.heard(at(50_000), 5L, true);

        assertThat(watch.overdue(at(65_000))).isEmpty();
        assertThat(watch.overdue(at(65_001))).isPresent();
    }

    @Test
    void withoutMaxAgeTheCoapDefaultOf60sApplies() {
        watch.registering(T0);
        watch.heard(T0, null, true);

        assertThat(watch.overdue(at(70_000))).isEmpty();
        assertThat(watch.overdue(at(70_001))).isPresent();
    }

    @Test
    void anUnansweredRegistrationIsLostAfterItsTimeout() {
        watch.registering(T0);

        assertThat(watch.overdue(at(15_000))).isEmpty();
        assertThat(watch.overdue(at(15_001))).hasValue("registration unanswered");
    }

    @Test
    void registrationsAfterLossesBackOffDoublingUpToTheBound() {
        long now = 0;
        long[] expectedWaits = {1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 60_000, 60_000};
        for (long wait : expectedWaits) {
            watch.registering(at(now));
            watch.lost(at(now));
            assertThat(watch.dueToRegister(at(now + wait - 1))).isFalse();
            assertThat(watch.dueToRegister(at(now + wait))).isTrue();
            now += wait;
        }
    }

    @Test
    void offlineIsReportedOncePerOutageAndTheBackoffResetsOnReturn() {
        watch.registering(T0);
        assertThat(watch.lost(T0)).isTrue();
        watch.registering(at(1_000));
        assertThat(watch.lost(at(1_000))).as("same outage").isFalse();

        watch.registering(at(3_000));
        assertThat(watch.heard(at(3_000), 60L, true)).as("back online").isTrue();
        assertThat(watch.lost(at(4_000))).as("a new outage").isTrue();
        assertThat(watch.retryAt()).isEqualTo(at(5_000));
    }

    @Test
    void onlineIsReaffirmedOncePerStatusRefreshWhileNotificationsFlow() {
        observingAt(0, 60);

        assertThat(watch.heard(at(60_000), 60L, true)).isFalse();
        assertThat(watch.heard(at(3_599_999), 60L, true)).isFalse();
        assertThat(watch.heard(at(3_600_000), 60L, true)).isTrue();
        assertThat(watch.heard(at(3_660_000), 60L, true)).isFalse();
    }

    @Test
    void aResponseWithoutObserveDoesNotStartARelation() {
        watch.registering(T0);

        assertThat(watch.heard(T0, 60L, false)).isFalse();
        assertThat(watch.state()).isEqualTo(State.REGISTERING);
    }
}
