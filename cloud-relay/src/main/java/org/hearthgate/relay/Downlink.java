package org.hearthgate.relay;

import org.hearthgate.contract.HubId;
import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.Payload;

/** Sends a message down to one hub (QoS 1, to the hub's persistent session). */
@FunctionalInterface
public interface Downlink {
    /** Returns false if the broker did not take it; the caller decides whether that matters. */
    boolean send(TenantId tenant, HubId hub, Payload body);
}
