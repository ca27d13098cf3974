package org.hearthgate.relay.escalation;

import java.time.Instant;
import org.hearthgate.contract.AlarmId;

/**
 * What escalation asks of the alarm workflow; the composition root wires it to {@code RelayStore.transition} and
 * the hub downlink. Both are called outside any escalation transaction.
 */
public interface AlarmActions {
    /**
     * Acknowledges the alarm as taken on by {@code by} ("Sam Patel (family)") and tells the hub "help is on the way".
     * Returns true only when this call acknowledged it (it was open and not yet acknowledged); false when someone
     * else was first or it is closed, in which case the hub is not told again.
     */
    boolean acknowledge(AlarmId alarm, String by, String note, Instant at);

    /**
     * Resolves the alarm with its outcome and sends the outcome down to the hub. Returns true only when this call
     * resolved it (false: unknown, already resolved or cancelled).
     */
    boolean resolve(AlarmId alarm, String by, Outcome outcome, String notes, Instant at);
}
