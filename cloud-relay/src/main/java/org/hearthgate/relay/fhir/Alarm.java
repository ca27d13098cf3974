package org.hearthgate.relay.fhir;

import java.time.Instant;
import org.hearthgate.contract.Require;
import org.hearthgate.contract.alarm.AlarmState;
import org.hearthgate.contract.alarm.EventCode;
import org.hearthgate.contract.alarm.Priority;

/**
 * One alarm of a resident, exported as a FHIR Flag (an open alarm is an active flag).
 *
 * @param raisedAt the cloud's receive time of the alarm (the cloud orders alarms by its own clock)
 * @param summary  a short text for the flag, written for a clinician; no free text from the hub
 */
public record Alarm(String id, String residentId, EventCode code, Priority priority, AlarmState state,
        Instant raisedAt, String summary) {

    public Alarm {
        FhirIds.check(id, "id");
        FhirIds.check(residentId, "residentId");
        Require.present(code, "code");
        Require.present(priority, "priority");
        Require.present(state, "state");
        Require.present(raisedAt, "raisedAt");
        Require.optionalText(summary, 500, "summary");
    }
}
