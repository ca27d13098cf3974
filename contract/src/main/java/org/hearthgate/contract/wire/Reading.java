package org.hearthgate.contract.wire;

import java.time.Instant;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.obs.Observation;

/**
 * A device observation about a resident, sent up for storage and trends. {@code receivedAt} is when the hub got it,
 * kept beside the device's own measurement time ({@code observation.at}): a device with a wrong clock, or a cuff
 * replaying stored records, shows as a gap between the two.
 */
public record Reading(ResidentId resident, Observation observation, Instant receivedAt) implements Payload {
    public Reading {
        Require.present(resident, "resident");
        Require.present(observation, "observation");
    }

    public Reading(ResidentId resident, Observation observation) {
        this(resident, observation, null);
    }

    @Override
    public Channel channel() {
        return Channel.READING;
    }
}
