package org.hearthgate.drivers.gpio;

import java.time.Instant;
import java.util.Optional;
import org.hearthgate.contract.obs.Contact;
import org.hearthgate.contract.obs.FallDetected;
import org.hearthgate.contract.obs.FallSource;
import org.hearthgate.contract.obs.Hazard;
import org.hearthgate.contract.obs.HazardKind;
import org.hearthgate.contract.obs.MainsPower;
import org.hearthgate.contract.obs.Motion;
import org.hearthgate.contract.obs.Observation;
import org.hearthgate.contract.obs.Occupancy;
import org.hearthgate.contract.obs.PendantPress;
import org.hearthgate.contract.obs.Place;
import org.hearthgate.contract.obs.PullCord;

/** What a debounced level change on an input means, as a contract observation. */
final class InputObservations {
    private InputObservations() {
    }

    /**
     * The observation for {@code input} becoming {@code active} at {@code at}; empty when the change means nothing
     * on its own (the release of a pendant, a detector relay dropping out: the alarm stays open until a person
     * clears it, so its end is not an observation).
     */
    static Optional<Observation> of(GpioInput input, boolean active, Instant at) {
        var device = input.device();
        var location = input.location();
        return switch (input.kind()) {
            case PENDANT -> active ? Optional.of(new PendantPress(device, at)) : Optional.empty();
            case PULL_CORD -> active ? Optional.of(new PullCord(device, at, location)) : Optional.empty();
            // A mat cannot grade a fall: whoever lies on it is treated as fallen (confidence 1).
            case FALL_MAT -> active ? Optional.of(new FallDetected(device, at, 1.0, FallSource.FALL_MAT))
                    : Optional.empty();
            case HAZARD_SMOKE -> active ? Optional.of(new Hazard(device, at, HazardKind.SMOKE, location))
                    : Optional.empty();
            case HAZARD_CO -> active ? Optional.of(new Hazard(device, at, HazardKind.CARBON_MONOXIDE, location))
                    : Optional.empty();
            case PIR -> Optional.of(new Motion(device, at, location, active));
            case DOOR -> Optional.of(new Contact(device, at, location, active));
            case BED_PAD -> Optional.of(new Occupancy(device, at, Place.BED, location, active));
            case CHAIR_PAD -> Optional.of(new Occupancy(device, at, Place.CHAIR, location, active));
            case MAINS_POWER -> Optional.of(new MainsPower(device, at, !active));
            // The cancel button tells the hub directly (DriverCallback.cancelPressed); it observes nothing.
            case CANCEL_BUTTON -> Optional.empty();
        };
    }
}
