package org.hearthgate.drivers.gpio;

import java.time.Duration;
import org.hearthgate.contract.DeviceId;
import org.hearthgate.contract.Require;

/**
 * One wired input on the hub's GPIO header.
 *
 * @param device      the device id its observations carry
 * @param kind        what is wired to it
 * @param pin         the BCM GPIO number (not the header pin number)
 * @param activeLevel which pin level means "active" (see {@link InputKind})
 * @param pull        the internal pull resistor
 * @param debounce    how long the line must be quiet before a new edge counts; zero turns debouncing off
 * @param location    where it is (a room, "front door"), or null; carried into the observation
 */
public record GpioInput(DeviceId device, InputKind kind, int pin, ActiveLevel activeLevel, Pull pull,
        Duration debounce, String location) {

    /** BCM283x/BCM2711 have 54 GPIO lines; the 40-pin header exposes 0..27, compute modules more. */
    static final int MAX_BCM = 53;
    /** Longer than this is a configuration mistake: it would swallow a second press seconds later. */
    static final Duration MAX_DEBOUNCE = Duration.ofSeconds(2);
    /** A mechanical contact settles within a few ms; 50 ms covers relays and reed switches with margin. */
    public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(50);

    public GpioInput {
        Require.present(device, "device");
        Require.present(kind, "kind");
        if (pin < 0 || pin > MAX_BCM) {
            throw new IllegalArgumentException("pin: BCM " + pin + " is outside 0.." + MAX_BCM);
        }
        Require.present(activeLevel, "activeLevel");
        Require.present(pull, "pull");
        Require.present(debounce, "debounce");
        if (debounce.isNegative() || debounce.compareTo(MAX_DEBOUNCE) > 0) {
            throw new IllegalArgumentException("debounce: " + debounce.toMillis() + " ms is outside 0.."
                    + MAX_DEBOUNCE.toMillis() + " ms");
        }
        Require.optionalText(location, 48, "location");
    }

    /** An input with the default debounce. */
    public static GpioInput of(DeviceId device, InputKind kind, int pin, ActiveLevel activeLevel, Pull pull,
            String location) {
        return new GpioInput(device, kind, pin, activeLevel, pull, DEFAULT_DEBOUNCE, location);
    }
}
