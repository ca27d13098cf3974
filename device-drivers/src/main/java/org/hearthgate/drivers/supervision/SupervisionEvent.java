package org.hearthgate.drivers.supervision;

import java.time.Instant;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.wire.Event;

/** A supervision event and when it happened; the hub wraps it in a wire {@code Message} with {@code at}. */
public record SupervisionEvent(Instant at, Event event) {
    public SupervisionEvent {
        Require.present(at, "at");
        Require.present(event, "event");
    }
}
