package org.hearthgate.relay.store;

import java.time.Instant;
import org.hearthgate.contract.AlarmId;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;

/** One alarm as the cloud tracks it. Times are null until the step happened. */
public record AlarmRecord(AlarmId id, String tenant, String hub, String resident, EventCode code, Priority priority,
        AlarmState state, String summary, Instant raisedAt, Instant receivedAt, Instant acknowledgedAt,
        String acknowledgedBy, Instant closedAt) {
}
