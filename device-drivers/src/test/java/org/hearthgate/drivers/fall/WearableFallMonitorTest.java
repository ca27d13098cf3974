package org.hearthgate.drivers.fall;

import org.hearthgate.contract.ManualClock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.obs.FallDetected;
import org.hearthgate.contract.obs.FallSource;
import org.hearthgate.contract.wire.Event;
import org.junit.jupiter.api.Test;

class WearableFallMonitorTest {
    private static final Instant T0 = Instant.parse("2026-11-22T03:00:00Z");

    @Test
    void aFallFollowedByLyingStillIsConfirmedWithTheImpactTime() {
        double rate = 50;
        ManualClock clock = new ManualClock(T0);
        List<Event> events = new ArrayList<>();
        List<FallDetected> falls = new ArrayList<>();
        List<FallPreAlarm.Confirmation> why = new ArrayList<>();
        FallPreAlarm preAlarm = new FallPreAlarm(DeviceId.of("wearable-1"), null, FallPreAlarm.Config.DEFAULT, clock,
                new FallPreAlarm.Listener() {
                    @Override
                    public void event(Event event) {
                        events.add(event);
                    }

                    @Override
                    public void confirmed(FallDetected fall, FallPreAlarm.Confirmation reason) {
                        falls.add(fall);
                        why.add(reason);
                    }
                });
        WearableFallMonitor monitor = new WearableFallMonitor(rate, FallParameters.defaults(), preAlarm);
        double[][] s = SyntheticWearer.forwardFall(rate, 20).signal();
        Instant confirmedAt = null;

        for (int i = 0; i < s[0].length; i++) {
            Instant at = T0.plusNanos(Math.round(i * 1e9 / rate));
            clock.set(at);
            monitor.accept(at, s[0][i], s[1][i], s[2][i]);
            if (confirmedAt == null && !falls.isEmpty()) {
                confirmedAt = at;
            }
        }

        assertThat(events).extracting(Event::code).containsExactly(EventCode.PRE_ALARM);
        assertThat(falls).hasSize(1);
        FallDetected fall = falls.get(0);
        assertThat(fall.source()).isEqualTo(FallSource.WEARABLE);
        // The impact begins 4.4 s into the recording; its filtered peak follows within a few samples.
        double impactS = Duration.between(T0, fall.at()).toNanos() / 1e9;
        assertThat(impactS).isCloseTo(4.5, within(0.15));
        assertThat(why).containsExactly(FallPreAlarm.Confirmation.STILLNESS);
        // Ten seconds of stillness after the impact confirm it, well before the 30 s window would.
        double confirmedAfter = Duration.between(fall.at(), confirmedAt).toNanos() / 1e9;
        assertThat(confirmedAfter).isBetween(10.0, 12.0);
    }
}
