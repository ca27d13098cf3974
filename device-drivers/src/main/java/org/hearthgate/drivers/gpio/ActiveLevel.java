package org.hearthgate.drivers.gpio;

/** The electrical level on the pin that means "active" for an input, or "on" for an output. */
public enum ActiveLevel {
    HIGH,
    LOW;

    boolean isActive(boolean pinHigh) {
        return pinHigh == (this == HIGH);
    }

    boolean pinHighFor(boolean active) {
        return active == (this == HIGH);
    }
}
