package org.hearthgate.sim.scenario;

import java.util.List;
import org.hearthgate.contract.wire.AlarmRaised;
import org.hearthgate.contract.wire.Event;
import org.hearthgate.contract.wire.Message;
import org.hearthgate.contract.wire.Reading;

/**
 * What a scenario run delivered to the cloud: every message once, in arrival order.
 *
 * @param delivered   the messages the broker (or the loopback cloud) acknowledged
 * @param undelivered messages still in the hub's outbox when the run ended
 */
public record ScenarioResult(List<Message> delivered, int undelivered) {
    public ScenarioResult {
        delivered = List.copyOf(delivered);
    }

    public List<AlarmRaised> alarms() {
        return delivered.stream().map(Message::body).filter(AlarmRaised.class::isInstance)
                .map(AlarmRaised.class::cast).toList();
    }

    public List<Event> events() {
        return delivered.stream().map(Message::body).filter(Event.class::isInstance).map(Event.class::cast).toList();
    }

    public List<Reading> readings() {
        return delivered.stream().map(Message::body).filter(Reading.class::isInstance).map(Reading.class::cast)
                .toList();
    }
}
