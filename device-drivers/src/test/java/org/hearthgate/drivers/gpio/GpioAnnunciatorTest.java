package org.hearthgate.drivers.gpio;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hearthgate.drivers.gpio.MockPi4j.isHigh;

import com.pi4j.context.Context;
import java.time.Duration;
import org.hearthgate.contract.ManualClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GpioAnnunciatorTest {
    private static Context pi4j;

    private final ManualClock clock = ManualClock.at("2026-11-22T08:00:00Z");
    private GpioAnnunciator annunciator;

    @BeforeAll
    static void createContext() {
        pi4j = MockPi4j.newContext();
    }

    @AfterAll
    static void shutdownContext() {
        pi4j.shutdown();
    }

    @BeforeEach
    void create() {
        annunciator = new GpioAnnunciator(pi4j, OutputPin.activeHigh(20), new OutputPin(21, ActiveLevel.LOW), clock);
    }

    @AfterEach
    void close() {
        annunciator.close();
        pi4j.shutdown("hg-led-20");
        pi4j.shutdown("hg-sounder-21");
    }

    private boolean ledOn() {
        return isHigh(pi4j, "hg-led-20");
    }

    private boolean sounderOn() {
        return !isHigh(pi4j, "hg-sounder-21");
    }

    @Test
    void outputsStartOff() {
        assertThat(ledOn()).isFalse();
        assertThat(sounderOn()).as("active-low sounder is off when its pin is high").isFalse();
    }

    @Test
    void callReceivedFollowsItsPatternOnTheClock() {
        annunciator.play(Cue.CALL_RECEIVED);
        assertThat(ledOn()).isTrue();
        assertThat(sounderOn()).isTrue();

        clock.advanceMillis(350);
        annunciator.tick();
        assertThat(sounderOn()).isFalse();

        clock.advanceMillis(200);
        annunciator.tick();
        assertThat(sounderOn()).isTrue();

        clock.advance(Duration.ofMinutes(5));
        annunciator.tick();
        assertThat(sounderOn()).isFalse();
        assertThat(ledOn()).isTrue();
        assertThat(annunciator.playing()).isEqualTo(Cue.CALL_RECEIVED);
    }

    @Test
    void aNewCueReplacesTheOneAndStartsFromItsBeginning() {
        annunciator.play(Cue.PRE_ALARM);
        clock.advanceMillis(600);
        annunciator.tick();
        assertThat(ledOn()).isFalse();

        annunciator.play(Cue.HELP_ON_THE_WAY);

        assertThat(annunciator.playing()).isEqualTo(Cue.HELP_ON_THE_WAY);
        assertThat(ledOn()).isTrue();
        assertThat(sounderOn()).isTrue();
    }

    @Test
    void silenceTurnsEverythingOff() {
        annunciator.play(Cue.ALARM_RAISED);

        annunciator.silence();

        assertThat(annunciator.playing()).isNull();
        assertThat(ledOn()).isFalse();
        assertThat(sounderOn()).isFalse();
    }
}
