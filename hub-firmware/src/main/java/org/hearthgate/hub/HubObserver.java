package org.hearthgate.hub;

import java.time.Instant;
import org.hearthgate.contract.wire.Ack;
import org.hearthgate.contract.wire.AlarmRaised;

/** Lets a host (the demo, a test, a metrics exporter) watch the alarm path. Called on hub threads; keep it quick. */
public interface HubObserver {

    default void alarmRaised(AlarmRaised alarm, Instant triggeredAt) {
    }

    /** The cloud's receipt for an alarm arrived: the alarm is safe in the cloud. */
    default void alarmReceipted(AlarmRaised alarm, Instant triggeredAt, Instant receiptAt) {
    }

    default void ackReceived(Ack ack, Instant at) {
    }

    /** An alarm had no receipt within the timeout: the resident was told, the hub keeps trying. */
    default void alarmOverdue(AlarmRaised alarm) {
    }

    HubObserver NONE = new HubObserver() {
    };
}
