package org.hearthgate.drivers.gpio;

import java.time.Duration;

/**
 * What the hub tells the resident with its LED and sounder, one pattern per stage of an alarm, so a resident who
 * cannot read a screen still knows their call got through. Patterns differ in rhythm, not only in length, so they
 * can be told apart by ear alone.
 */
public enum Cue {
    /** The pre-alarm (inactivity, fall): slow beeps and a slow blink until the resident cancels or it escalates. */
    PRE_ALARM(Track.repeating(500, 500), Track.repeating(200, 800)),
    /** An alarm was raised: fast blink until the call is received; three short pips to confirm the press. */
    ALARM_RAISED(Track.repeating(150, 150), Track.once(100, 100, 100, 100, 100)),
    /** The monitoring centre has the call: LED steady; two medium tones. */
    CALL_RECEIVED(Track.steady(), Track.once(300, 200, 300)),
    /** A responder acknowledged and help is coming: LED steady; one long tone. */
    HELP_ON_THE_WAY(Track.steady(), Track.once(1200));

    private final Track led;
    private final Track sounder;

    Cue(Track led, Track sounder) {
        this.led = led;
        this.sounder = sounder;
    }

    /** The LED at {@code elapsed} since the cue began. */
    public boolean ledOnAt(Duration elapsed) {
        return led.onAt(elapsed.toMillis());
    }

    /** The sounder at {@code elapsed} since the cue began. */
    public boolean sounderOnAt(Duration elapsed) {
        return sounder.onAt(elapsed.toMillis());
    }

    /** True once both tracks have played out; a cue with a repeating or steady track never finishes by itself. */
    public boolean finishedAt(Duration elapsed) {
        return led.finishedAt(elapsed.toMillis()) && sounder.finishedAt(elapsed.toMillis());
    }

    /** On/off durations in ms, starting with "on"; repeated, played once, or steadily on. */
    private record Track(long[] steps, boolean repeat, boolean alwaysOn) {
        static Track repeating(long... steps) {
            return new Track(steps, true, false);
        }

        static Track once(long... steps) {
            return new Track(steps, false, false);
        }

        static Track steady() {
            return new Track(new long[0], false, true);
        }

        long total() {
            long total = 0;
            for (long step : steps) {
                total += step;
            }
            return total;
        }

        boolean finishedAt(long elapsedMs) {
            return !alwaysOn && !repeat && elapsedMs >= total();
        }

        boolean onAt(long elapsedMs) {
            if (alwaysOn) {
                return true;
            }
            long total = total();
            if (elapsedMs < 0 || total == 0 || (!repeat && elapsedMs >= total)) {
                return false;
            }
            long t = elapsedMs % total;
            for (int i = 0; i < steps.length; i++) {
                if (t < steps[i]) {
                    return i % 2 == 0;
                }
                t -= steps[i];
            }
            return false;
        }
    }
}
