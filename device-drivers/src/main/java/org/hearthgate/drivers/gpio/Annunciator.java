package org.hearthgate.drivers.gpio;

/**
 * Local annunciation at the hub: an LED and a sounder that tell the resident where their alarm stands. Playing a
 * cue replaces the one playing; implementations never throw at the caller (a broken LED must not stop an alarm).
 */
public interface Annunciator extends AutoCloseable {

    void play(Cue cue);

    /** Stops any cue and turns LED and sounder off. */
    void silence();

    /** The cue playing now, or null. */
    Cue playing();

    @Override
    void close();
}
