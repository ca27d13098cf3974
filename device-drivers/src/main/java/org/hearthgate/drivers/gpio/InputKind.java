package org.hearthgate.drivers.gpio;

/**
 * What is wired to a GPIO input, which decides the observation an edge becomes. "Active" always means the
 * condition the kind names: pressed, pulled, someone on the mat, motion, door open, pad occupied, detector in alarm,
 * UPS on battery.
 */
public enum InputKind {
    /** Pendant receiver relay output: active = the resident pressed their button. */
    PENDANT(true),
    /** Pull-cord switch: active = pulled. */
    PULL_CORD(true),
    /** Fall (floor) mat: active = someone is lying on it. */
    FALL_MAT(true),
    /** PIR motion detector relay: active = motion. */
    PIR(false),
    /** Door or window reed contact: active = open. */
    DOOR(false),
    /** Bed pressure pad: active = occupied. */
    BED_PAD(false),
    /** Chair pressure pad: active = occupied. */
    CHAIR_PAD(false),
    /** Relay of a linked smoke detector: active = in alarm. */
    HAZARD_SMOKE(true),
    /** Relay of a linked carbon-monoxide detector: active = in alarm. */
    HAZARD_CO(true),
    /** A UPS "on battery" status line: active = mains lost. */
    MAINS_POWER(false),
    /** The hub's own cancel button: active = pressed; ends a pending pre-alarm (inactivity, fall). No observation. */
    CANCEL_BUTTON(true);

    private final boolean alarm;

    InputKind(boolean alarm) {
        this.alarm = alarm;
    }

    /**
     * True when only the active edge means something (an alarm trigger); false for inputs whose both levels are a
     * state worth reporting (door open and closed, mains lost and back).
     */
    public boolean isAlarmTrigger() {
        return alarm;
    }
}
