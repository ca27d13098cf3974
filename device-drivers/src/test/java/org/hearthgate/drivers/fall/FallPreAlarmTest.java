package org.hearthgate.drivers.fall;

import org.hearthgate.contract.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.FallDetected;
import org.hearthgate.contract.obs.FallSource;
import org.hearthgate.contract.wire.Event;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class FallPreAlarmTest {
    private static final Instant START = Instant.parse("2026-11-22T03:00:00Z");
    private static final Instant IMPACT = START.minusSeconds(3);
    private static final DeviceId DEVICE = DeviceId.of("wearable-1");

    private final ManualClock clock = new ManualClock(START);
    private final List<Event> events = new ArrayList<>();
    private final List<FallDetected> falls = new ArrayList<>();
    private final List<FallPreAlarm.Confirmation> reasons = new ArrayList<>();
    private FallPreAlarm preAlarm;

    @BeforeEach
    void setUp() {
        preAlarm = new FallPreAlarm(DEVICE, ResidentId.of("r-17"), FallPreAlarm.Config.DEFAULT, clock,
                new FallPreAlarm.Listener() {
                    @Override
                    public void event(Event event) {
                        events.add(event);
                    }

                    @Override
                    public void confirmed(FallDetected fall, FallPreAlarm.Confirmation why) {
                        falls.add(fall);
                        reasons.add(why);
                    }
                });
    }

    @Test
    void announcesAPreAlarmWhenAFallIsDetected() {
        preAlarm.fallDetected(IMPACT, 0.8);

        assertThat(preAlarm.state()).isEqualTo(FallPreAlarm.State.PENDING);
        assertThat(events).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo(EventCode.PRE_ALARM);
            assertThat(e.device()).isEqualTo(DEVICE);
            assertThat(e.resident()).isEqualTo(ResidentId.of("r-17"));
        });
        assertThat(falls).isEmpty();
    }

    @Test
    void aCancelJustInsideTheWindowCancelsAndIsLogged() {
        preAlarm.fallDetected(IMPACT, 0.8);
        clock.advance(Duration.ofMillis(29_900));
        preAlarm.tick();

        boolean cancelled = preAlarm.cancel();
        clock.advance(Duration.ofSeconds(60));
        preAlarm.tick();

        assertThat(cancelled).isTrue();
        assertThat(events).extracting(Event::code).containsExactly(EventCode.PRE_ALARM, EventCode.PRE_ALARM_CANCELLED);
        assertThat(events.get(1).detail()).contains("29.9 s");
        assertThat(falls).isEmpty();
        assertThat(preAlarm.state()).isEqualTo(FallPreAlarm.State.IDLE);
    }

    @Test
    void aCancelAtTheEndOfTheWindowIsTooLateAndTheFallIsConfirmed() {
        preAlarm.fallDetected(IMPACT, 0.8);
        clock.advance(Duration.ofSeconds(30));

        boolean cancelled = preAlarm.cancel();

        assertThat(cancelled).isFalse();
        assertThat(events).extracting(Event::code).containsExactly(EventCode.PRE_ALARM);
        assertThat(falls).singleElement()
                .isEqualTo(new FallDetected(DEVICE, IMPACT, 0.8, FallSource.WEARABLE));
        assertThat(reasons).containsExactly(FallPreAlarm.Confirmation.WINDOW_ELAPSED);
    }

    @Test
    void confirmsExactlyWhenTheWindowEndsAndNotBefore() {
        preAlarm.fallDetected(IMPACT, 0.8);
        clock.advance(Duration.ofSeconds(30).minusNanos(1));
        preAlarm.tick();
        assertThat(falls).isEmpty();

        clock.advance(Duration.ofNanos(1));
        preAlarm.tick();
        preAlarm.tick();

        assertThat(falls).hasSize(1);
        assertThat(reasons).containsExactly(FallPreAlarm.Confirmation.WINDOW_ELAPSED);
    }

    @Test
    void lyingStillConfirmsBeforeTheWindowEnds() {
        preAlarm.fallDetected(IMPACT, 0.7);
        clock.advance(Duration.ofSeconds(7));
        preAlarm.stillFor(Duration.ofMillis(9_900));
        assertThat(falls).isEmpty();

        clock.advance(Duration.ofMillis(100));
        preAlarm.stillFor(Duration.ofSeconds(10));

        assertThat(falls).singleElement().satisfies(f -> assertThat(f.at()).isEqualTo(IMPACT));
        assertThat(reasons).containsExactly(FallPreAlarm.Confirmation.STILLNESS);
        assertThat(preAlarm.cancel()).isFalse();
    }

    @Test
    void stillnessWithoutAPendingFallRaisesNothing() {
        preAlarm.stillFor(Duration.ofHours(8));
        preAlarm.tick();
        assertThat(events).isEmpty();
        assertThat(falls).isEmpty();
    }

    @Test
    void aSecondFallWhilePendingNeverDelaysTheAlarm() {
        preAlarm.fallDetected(IMPACT, 0.6);
        clock.advance(Duration.ofSeconds(20));
        preAlarm.fallDetected(START.plusSeconds(17), 0.9);
        clock.advance(Duration.ofSeconds(10));
        preAlarm.tick();

        assertThat(events).extracting(Event::code).containsExactly(EventCode.PRE_ALARM);
        assertThat(falls).singleElement()
                .isEqualTo(new FallDetected(DEVICE, IMPACT, 0.9, FallSource.WEARABLE));
    }

    @Test
    void aCancelWithNothingPendingDoesNothing() {
        assertThat(preAlarm.cancel()).isFalse();
        assertThat(events).isEmpty();
    }

    @Test
    void aNewFallAfterACancelStartsAFreshWindow() {
        preAlarm.fallDetected(IMPACT, 0.6);
        clock.advance(Duration.ofSeconds(5));
        preAlarm.cancel();
        clock.advance(Duration.ofSeconds(100));
        preAlarm.fallDetected(clock.instant().minusSeconds(3), 0.8);
        clock.advance(Duration.ofSeconds(29));
        preAlarm.tick();
        assertThat(falls).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        preAlarm.tick();
        assertThat(falls).hasSize(1);
    }
}
