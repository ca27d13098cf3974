package org.hearthgate.contract.wire;

import org.hearthgate.contract.Require;
import org.hearthgate.contract.ResidentId;
import org.hearthgate.contract.obs.Observation;

/** A device observation about a resident, sent up for storage and trends. */
public record Reading(ResidentId resident, Observation observation) implements Payload {
    public Reading {
        Require.present(resident, "resident");
        Require.present(observation, "observation");
    }

    @Override
    public Channel channel() {
        return Channel.READING;
    }
}
