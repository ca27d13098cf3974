package org.hearthgate.drivers.gpio;

import org.hearthgate.contract.Require;

/**
 * One GPIO output: a BCM pin and the level that turns its load on (HIGH for an LED or an NPN-driven buzzer, LOW for
 * a sinking driver or an active-low relay board).
 */
public record OutputPin(int pin, ActiveLevel activeLevel) {
    public OutputPin {
        if (pin < 0 || pin > GpioInput.MAX_BCM) {
            throw new IllegalArgumentException("pin: BCM " + pin + " is outside 0.." + GpioInput.MAX_BCM);
        }
        Require.present(activeLevel, "activeLevel");
    }

    public static OutputPin activeHigh(int pin) {
        return new OutputPin(pin, ActiveLevel.HIGH);
    }
}
