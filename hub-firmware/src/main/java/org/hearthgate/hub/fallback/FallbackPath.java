package org.hearthgate.hub.fallback;

import org.hearthgate.contract.TenantId;
import org.hearthgate.contract.wire.Message;

/**
 * A second way for an alarm to reach the cloud when the MQTT uplink does not confirm it: SMS through a cellular
 * modem today. Calls block (a modem can take a minute to answer), so {@link SecondPath} makes them on its own thread
 * only, one at a time, never on the hub's alarm loop. Implementations report failure as a {@link Result}, never by
 * throwing, and say what failed in words an engineer can act on.
 */
public interface FallbackPath {

    /** A short name for logs and events, e.g. "SMS". */
    String name();

    /** Sends one alarm message (an {@code AlarmRaised} body) of {@code tenant}; one attempt, no retries. */
    Result send(TenantId tenant, Message alarm);

    /** Checks that the path is there (the modem answers) without sending anything. */
    Result check();

    /** What one attempt came to. */
    sealed interface Result {
        /** Accepted by the path; {@code reference} is its own id for it (the SMS message reference). */
        record Sent(String reference) implements Result {
        }

        /** Not sent; {@code reason} says why, without personal data. */
        record Failed(String reason) implements Result {
        }
    }
}
