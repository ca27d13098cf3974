package org.hearthgate.relay.careplans;

import java.time.Instant;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.ResidentId;

/**
 * One version of a plan sent to the hub that served the resident at the time, and what the hub said.
 *
 * @param answeredAt when the hub's answer arrived (null while {@link State#PENDING})
 * @param reason     for {@link State#REFUSED}: the hub's reason, naming the field
 */
public record Push(long id, ResidentId resident, int version, String digest, HubId hub, String pushedBy,
        Instant pushedAt, State state, Instant answeredAt, String reason) {

    public enum State {
        /** Sent; the hub has not said yet that it runs it. */
        PENDING,
        /** The hub runs this plan (its event said so, or its heartbeat reports this digest). */
        APPLIED,
        /** The hub kept its plan: it would not run this one. */
        REFUSED
    }
}
