package org.hearthgate.drivers.gpio;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class CueTest {
    private static Duration ms(long ms) {
        return Duration.ofMillis(ms);
    }

    @Test
    void callReceivedSoundsTwoTonesThenStopsWithTheLedSteady() {
        var cue = Cue.CALL_RECEIVED;

        assertThat(cue.sounderOnAt(ms(0))).isTrue();
        assertThat(cue.sounderOnAt(ms(299))).isTrue();
        assertThat(cue.sounderOnAt(ms(300))).isFalse();
        assertThat(cue.sounderOnAt(ms(500))).isTrue();
        assertThat(cue.sounderOnAt(ms(800))).isFalse();
        assertThat(cue.sounderOnAt(ms(10_000))).isFalse();
        assertThat(cue.ledOnAt(ms(10_000))).isTrue();
        assertThat(cue.finishedAt(ms(10_000))).as("steady LED until silenced").isFalse();
    }

    @Test
    void preAlarmRepeatsUntilSilenced() {
        var cue = Cue.PRE_ALARM;

        assertThat(cue.sounderOnAt(ms(100))).isTrue();
        assertThat(cue.sounderOnAt(ms(500))).isFalse();
        assertThat(cue.sounderOnAt(ms(60_100))).isTrue();
        assertThat(cue.ledOnAt(ms(60_600))).isFalse();
        assertThat(cue.finishedAt(ms(3_600_000))).isFalse();
    }

    @Test
    void alarmRaisedPipsThreeTimesAndBlinksFast() {
        var cue = Cue.ALARM_RAISED;
        int pips = 0;
        boolean last = false;
        for (long t = 0; t < 5_000; t += 10) {
            boolean on = cue.sounderOnAt(ms(t));
            if (on && !last) {
                pips++;
            }
            last = on;
        }

        assertThat(pips).isEqualTo(3);
        assertThat(cue.ledOnAt(ms(0))).isTrue();
        assertThat(cue.ledOnAt(ms(150))).isFalse();
        assertThat(cue.ledOnAt(ms(300))).isTrue();
    }

    @Test
    void everyCueSoundsAtItsStartSoTheResidentHearsTheChange() {
        for (Cue cue : Cue.values()) {
            assertThat(cue.sounderOnAt(Duration.ZERO)).as(cue.name()).isTrue();
            assertThat(cue.ledOnAt(Duration.ZERO)).as(cue.name()).isTrue();
        }
    }
}
