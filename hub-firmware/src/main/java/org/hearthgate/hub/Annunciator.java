package org.hearthgate.hub;

/** Local annunciation: speaker, buzzer, LED. Implementations must return quickly and never throw. */
public interface Annunciator {

    void announce(Announcement announcement);

    /** A prompt from the care plan, e.g. an inactivity pre-alarm the resident can cancel. */
    void prompt(String text, boolean cancellable);

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
