package org.hearthgate.drivers.gpio;

import com.pi4j.io.gpio.digital.PullResistance;

/** The SoC's internal pull resistor on an input pin. Use OFF when the circuit has its own pull resistor. */
public enum Pull {
    UP,
    DOWN,
    OFF;

    PullResistance toPi4j() {
        return switch (this) {
            case UP -> PullResistance.PULL_UP;
            case DOWN -> PullResistance.PULL_DOWN;
            case OFF -> PullResistance.OFF;
        };
    }
}
