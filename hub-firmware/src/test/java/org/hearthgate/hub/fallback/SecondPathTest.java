package org.hearthgate.hub.fallback;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ManualClock;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.wire.Event;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Link supervision and the periodic test transmission: plain time and state, no modem. */
class SecondPathTest {
    record Reported(Event event, Instant at) {
    }

    private final ManualClock clock = ManualClock.at("2026-12-02T05:00:00Z");
    private final Instant start = clock.instant();
    private final AtomicBoolean uplinkUp = new AtomicBoolean(false);
    private final List<Reported> reported = new CopyOnWriteArrayList<>();
    private final SecondPath path = new SecondPath(TenantId.of("acme"), HubId.of("hub-1"), ResidentId.of("res-1"),
            new SecondPath.Settings(Duration.ofSeconds(120), Duration.ofHours(24), null), new RecordingAnnunciator(),
            (e, at) -> reported.add(new Reported(e, at)), uplinkUp::get, clock);

    @AfterEach
    void close() {
        path.close();
    }

    private List<EventCode> codes() {
        return reported.stream().map(r -> r.event().code()).toList();
    }

    @Test
    void aShortBlipIsNotReported() {
        uplinkUp.set(true);
        path.tick();
        uplinkUp.set(false);
        clock.advance(Duration.ofSeconds(1));
        path.tick();
        clock.advance(Duration.ofSeconds(119));
        path.tick();
        uplinkUp.set(true);
        clock.advance(Duration.ofSeconds(1));
        path.tick();

        assertThat(reported).isEmpty();
    }

    @Test
    void anUplinkDownLongerThanTheThresholdIsALinkFailThenALinkRestore() {
        uplinkUp.set(true);
        path.tick();
        uplinkUp.set(false);
        clock.advance(Duration.ofSeconds(10));
        Instant wentDown = clock.instant();
        path.tick();
        clock.advance(Duration.ofSeconds(119));
        path.tick();
        assertThat(reported).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        path.tick();
        clock.advance(Duration.ofSeconds(60));
        path.tick();
        assertThat(reported).singleElement().satisfies(r -> {
            assertThat(r.event().code()).isEqualTo(EventCode.LINK_FAIL);
            assertThat(r.at()).as("dated when the link went down").isEqualTo(wentDown);
            assertThat(r.event().resident()).isEqualTo(ResidentId.of("res-1"));
        });

        uplinkUp.set(true);
        clock.advance(Duration.ofSeconds(5));
        path.tick();
        path.tick();
        assertThat(codes()).containsExactly(EventCode.LINK_FAIL, EventCode.LINK_RESTORE);
        assertThat(reported.get(1).at()).isEqualTo(clock.instant());
        assertThat(reported.get(1).event().detail()).isEqualTo("IP link back after 185 s");
    }

    @Test
    void aHubThatNeverConnectsReportsALinkFail() {
        clock.advance(Duration.ofSeconds(120));
        path.tick();
        path.tick();

        assertThat(codes()).containsExactly(EventCode.LINK_FAIL);
        assertThat(reported.get(0).at()).isEqualTo(start);
    }

    @Test
    void aTestTransmissionGoesUpOncePerPeriod() {
        uplinkUp.set(true);
        clock.advance(Duration.ofHours(24).minusSeconds(1));
        path.tick();
        assertThat(reported).isEmpty();

        clock.advance(Duration.ofSeconds(1));
        path.tick();
        path.tick();
        clock.advance(Duration.ofHours(23));
        path.tick();
        assertThat(codes()).containsExactly(EventCode.TEST_TRANSMISSION);

        clock.advance(Duration.ofHours(1));
        path.tick();
        assertThat(codes()).containsExactly(EventCode.TEST_TRANSMISSION, EventCode.TEST_TRANSMISSION);
    }

    @Test
    void withoutAFallbackAlarmsAreLeftToTheOutbox() {
        RecordingAnnunciator heard = new RecordingAnnunciator();
        try (SecondPath none = new SecondPath(TenantId.of("acme"), HubId.of("hub-1"), ResidentId.of("res-1"),
                SecondPath.Settings.defaults(), heard, (e, at) -> reported.add(new Reported(e, at)), () -> false,
                clock)) {
            none.alarmRaised(SmsFallbackIT.alarmMessage("a-1").id(), SmsFallbackIT.alarmBody("a-1"), start);
            none.tick();
        }
        assertThat(heard.heard).isEmpty();
        assertThat(reported).isEmpty();
    }

    @Test
    void settingsRejectNonsense() {
        assertThatThrownBy(() -> new SecondPath.Settings(Duration.ZERO, Duration.ofHours(1), null))
                .hasMessageContaining("linkFailAfter");
        assertThatThrownBy(() -> SecondPath.Fallback.of(new SerialSmsPath(SerialSmsPath.Settings.of("/dev/x", "+441",
                9600)), Duration.ofSeconds(30), 0)).hasMessageContaining("attempts");
    }
}
