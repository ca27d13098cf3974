package org.hearthgate.hub;

/** Local annunciation: speaker, buzzer, LED. Implementations must return quickly and never throw. */
public interface Annunciator {

    void announce(Announcement announcement);

    /** A prompt from the care plan, e.g. an inactivity pre-alarm the resident can cancel. */
    void prompt(String text, boolean cancellable);

    /** Announces on both, in order; a failure in one never stops the other. */
    static Annunciator both(Annunciator first, Annunciator second) {
        return new Annunciator() {
            @Override
            public void announce(Announcement a) {
                try {
                    first.announce(a);
                } finally {
                    second.announce(a);
                }
            }

            @Override
            public void prompt(String text, boolean cancellable) {
                try {
                    first.prompt(text, cancellable);
                } finally {
                    second.prompt(text, cancellable);
                }
            }
        };
    }

    /** Plays announcements as LED and sounder cues on the hub's GPIO outputs. */
    static Annunciator cues(org.hearthgate.drivers.gpio.Annunciator outputs) {
        return new Annunciator() {
            @Override
            public void announce(Announcement a) {
                switch (a) {
                    case ALARM_RAISED, NO_CONNECTION, SENDING_BY_TEXT -> outputs.play(org.hearthgate.drivers.gpio.Cue.ALARM_RAISED);
                    case CALL_RECEIVED -> outputs.play(org.hearthgate.drivers.gpio.Cue.CALL_RECEIVED);
                    case HELP_ON_THE_WAY -> outputs.play(org.hearthgate.drivers.gpio.Cue.HELP_ON_THE_WAY);
                    case ALARM_RESOLVED, CANCELLED -> outputs.silence();
                }
            }

            @Override
            public void prompt(String text, boolean cancellable) {
                if (cancellable) {
                    outputs.play(org.hearthgate.drivers.gpio.Cue.PRE_ALARM);
                }
            }
        };
    }

    /** Writes announcements to the log: the default on a hub without speaker or LED wiring. */
    static Annunciator logging() {
        org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger("org.hearthgate.hub.annunciator");
        return new Annunciator() {
            @Override
            public void announce(Announcement a) {
                log.info("announce {}: {}", a, a.text());
            }

            @Override
            public void prompt(String text, boolean cancellable) {
                log.info("prompt{}: {}", cancellable ? " (press cancel to stop)" : "", text);
            }
        };
    }
}
