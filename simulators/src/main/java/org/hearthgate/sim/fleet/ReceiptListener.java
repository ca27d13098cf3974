package org.hearthgate.sim.fleet;

import java.util.List;
import org.hearthgate.contract.HubId;
import org.hearthgate.contract.MessageId;

/** Told of every receipt a simulated hub gets on its down topic; called on the hub's Paho callback thread. */
@FunctionalInterface
public interface ReceiptListener {
    /** {@code nanoTime} is {@link System#nanoTime()} when the receipt arrived, for latency. */
    void receipted(HubId hub, List<MessageId> refs, long nanoTime);

    ReceiptListener NONE = (hub, refs, nanoTime) -> {
    };
}
